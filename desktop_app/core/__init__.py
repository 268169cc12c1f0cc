"""The app's plain-Python core: content model, read-only repository, addresses and search.

Nothing here imports Qt, so the UI, the tests and the command line all share it
(tests/test_core_has_no_qt.py enforces that).
"""
