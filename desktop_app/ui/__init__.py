"""The Qt user interface: a main window, a router and one module per screen."""
