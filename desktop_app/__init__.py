"""ALL Guide: an offline guide to acute lymphoblastic leukaemia for patients and families.

`desktop_app.core` is plain Python (content model, repository, search); it never imports Qt.
`desktop_app.ui` is the Qt application built on top of it.
"""

__version__ = "0.1.0"
