"""The wheel's build hook: `pip install .` and `pip wheel .` carry the app's data.

Everything else about the package is in pyproject.toml. The hook runs the content build
(`python -m db build`, from the db/ package of this checkout) into the wheel's package data,
desktop_app/data/, with the fonts, icons and diagram data beside it
(desktop_app/packaging/app_data.py), so an installed app finds its files through
importlib.resources (desktop_app/core/paths.py). An editable install (`pip install -e .`)
skips it: there the app reads resources/ and db/content.sqlite in the checkout.

The sdist carries what the hook needs (db/, resources/, desktop_app/packaging/), so
`python -m build` (an sdist, then the wheel from it) gives the same wheel.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
# what the build hook reads, beyond the package: the content pipeline, its sources, the
# fonts and icons, and the hook's own module
HOOK_INPUTS = ("db/*.py", "desktop_app/packaging/*.py", "resources/**/*", "LICENSE")


class BuildPyWithAppData(build_py):
    """build_py, then the app's data built into build/lib/desktop_app/data/."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the checkout keeps its files where they are
            return
        sys.path.insert(0, str(HERE))  # db/ and desktop_app/ of this checkout
        from db.build import BuildFailed
        from desktop_app.core.paths import DATA_FOLDER, DATA_PACKAGE
        from desktop_app.packaging.app_data import stage_app_data

        target = Path(self.build_lib, DATA_PACKAGE, DATA_FOLDER)
        try:
            stage_app_data(target, log=lambda line: print(line, file=sys.stderr))
        except BuildFailed as failure:
            problems = "\n".join(str(problem) for problem in failure.problems)
            raise SystemExit(f"{problems}\nthe content database did not build") from failure


class SdistWithHookInputs(sdist):
    """sdist, plus the files the build hook needs to build the wheel from it."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        extra = sorted({path.relative_to(HERE).as_posix() for pattern in HOOK_INPUTS
                        for path in HERE.glob(pattern)
                        if path.is_file() and "__pycache__" not in path.parts})
        super().make_release_tree(base_dir, sorted({*files, *extra}))


setup(cmdclass={"build_py": BuildPyWithAppData, "sdist": SdistWithHookInputs})
