"""`python -m desktop_app` is the same as the `all-guide` command."""

from desktop_app.cli import main

raise SystemExit(main())
