"""Building ALL Guide to hand over: the parts `build_installer.py` runs, one per concern.

- `identity`: the app's names and the build platform
- `app_data`: the files the app reads at run time, laid out as package data
- `prune`: what the frozen bundle leaves out of PySide6 and Python
- `elf`: which libraries a binary links itself (pyelftools)
- `bundle`: freezing with PyInstaller under those rules
- `desktop_files`: icons, the .desktop entry and AppStream metainfo
- `archive`: the compressed file handed over

None of it is part of the running app: the wheel leaves this package out, and the app never
imports it. Qt and PyInstaller are imported inside the functions that need them.
"""
