"""The content pipeline: load the sources in resources/content, check them, build SQLite.

`python -m db build | check | search QUERY [--json]`; see db/__main__.py.
"""
