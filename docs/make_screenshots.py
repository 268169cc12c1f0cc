"""Make the accessibility screenshots: every screen at 200% text in a 1024 x 768 window.

    .venv/bin/python docs/make_screenshots.py            # all of them
    .venv/bin/python docs/make_screenshots.py --list     # what it would make, and exit
    .venv/bin/python docs/make_screenshots.py --only diagram.png journey.png

Why a script: docs/accessibility.md shows how each screen looks to a low-vision reader at
the largest text size, and the pictures must come from the app itself, not be edited by
hand. Each picture is one `all-guide --screenshot` run (a fresh process, so no screen
inherits another's state). The screens come from the screen registry
(desktop_app/ui/screens/registry.py, the same example pages the self-test renders), so a
new screen gets its picture without editing this script. On top of those: My pages
(the registry gives it no example: a profile adds it), the kiosk and tablet profiles' home,
the dark and high-contrast themes of a few screens, and the message a reader sees when the
content is missing.

The CLI has no theme option, so a themed picture runs `all-guide` in this script's own
process with one step added before the page is drawn: the theme is chosen exactly as the
Colours panel's buttons choose it (MainWindow.set_theme). Everything else is the CLI's path.

Each PNG is reduced to 256 colours with ImageMagick (`convert ... PNG8:`) when it is
installed, so the pictures stay small in the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots" / "accessibility"
SIZE = "1024x768"
TEXT_SCALE = "2.0"
SITE = ROOT / "docs" / "examples" / "site.toml"  # the example ward, for kiosk and tablet
THEMED = ("home", "article", "diagram")  # screens also shown dark and in high contrast
THEMES = ("dark", "contrast")


@dataclass(frozen=True)
class Shot:
    """One picture: its file name, what it shows and the all-guide arguments."""

    file: str
    caption: str
    arguments: tuple[str, ...]
    theme: str = ""  # "" keeps the system's theme (light when offscreen)
    errors: bool = False  # the app is expected to log an error (the content-missing shot)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def screen_examples() -> dict[str, str]:
    """The registry's example address of every screen, from the built content, as text."""
    sys.path.insert(0, str(ROOT))
    from desktop_app.core.paths import default_content_db
    from desktop_app.core.repository import ContentRepository
    from desktop_app.ui.screens.registry import example_addresses

    examples = example_addresses(ContentRepository.open(default_content_db()))
    return {name: str(address) for name, address in examples.items()}


def shots() -> list[Shot]:
    """Every picture to make, in the order the document shows them."""
    common = ("--size", SIZE, "--text-scale", TEXT_SCALE)
    examples = screen_examples()
    examples.setdefault("my pages", "app:saved")  # the laptop's own screen
    examples.setdefault("diagram, ALL view", "app:diagram?view=all&cell=lymphoblast")
    found = [Shot(f"{slug(name)}.png", f"{name} ({address})", ("--page", address, *common))
             for name, address in examples.items()]
    for profile in ("kiosk", "tablet"):
        found.append(Shot(f"{profile}-home.png", f"home, {profile} profile (example site)",
                          ("--settings", str(SITE), "--profile", profile, "--page",
                           "app:home", *common)))
    for theme in THEMES:
        for name in THEMED:
            found.append(Shot(f"{theme}-{slug(name)}.png", f"{name}, {theme} theme",
                              ("--page", examples[name], *common), theme))
    missing = Path(tempfile.gettempdir()) / "all-guide-no-such-content.sqlite"
    found.append(Shot("content-missing.png", "the message when the content is missing",
                      ("--content-db", str(missing), *common), errors=True))
    return found


def render(shot: Shot, target: Path) -> None:
    """Run all-guide for one picture (in a child process, so each starts fresh). A run
    that logs an error drew an error screen, not the page: that is never kept."""
    if shot.theme:
        command = [sys.executable, __file__, "--themed", shot.theme, "--"]
    else:
        command = [sys.executable, "-m", "desktop_app"]
    command += ["--screenshot", str(target), *shot.arguments]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    if done.returncode or (errors and not shot.errors):
        target.unlink(missing_ok=True)
        raise SystemExit(f"{shot.file}: all-guide failed (exit {done.returncode}):\n"
                         + "\n".join(errors or done.stderr.splitlines()[-5:]))


def shrink(path: Path) -> None:
    """256 colours are plenty for flat UI; a screenshot drops to about a third."""
    convert = shutil.which("convert") or shutil.which("magick")
    if convert is None:
        return
    smaller = path.with_suffix(".small.png")
    # -strip and no date chunks: the same picture gives the same bytes (no churn in git)
    subprocess.run([convert, str(path), "-strip", "-colors", "256",
                    "-define", "png:compression-level=9",
                    "-define", "png:exclude-chunks=date,time", f"PNG8:{smaller}"],
                   check=True)
    smaller.replace(path)


def themed_main(theme: str, argv: list[str]) -> int:
    """`all-guide ARGV`, with `theme` chosen (as the Colours panel does) before drawing."""
    sys.path.insert(0, str(ROOT))
    from desktop_app import cli
    from desktop_app.ui import screenshot

    plain = screenshot.save_screenshot

    def save_themed(window, address, path, width=1280, height=800):  # type: ignore[no-untyped-def]
        window.set_theme(theme)
        return plain(window, address, path, width, height)

    screenshot.save_screenshot = save_themed  # cli._render imports it when it runs
    return cli.main(argv)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the pictures and exit")
    parser.add_argument("--only", nargs="+", metavar="FILE",
                        help="make only these pictures (names as --list shows them)")
    parser.add_argument("--themed", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.themed:
        rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
        return themed_main(args.themed, rest)
    planned = shots()
    if args.only:
        unknown = set(args.only) - {shot.file for shot in planned}
        if unknown:
            parser.error(f"no such picture: {', '.join(sorted(unknown))}")
        planned = [shot for shot in planned if shot.file in args.only]
    if args.list:
        for shot in planned:
            print(f"{shot.file}: {shot.caption}")
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    for shot in planned:
        target = OUT / shot.file
        render(shot, target)
        shrink(target)
        size = target.stat().st_size
        total += size
        print(f"{target.relative_to(ROOT)}: {size // 1024} KiB  ({shot.caption})")
    print(f"{len(planned)} pictures, {total // 1024} KiB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
