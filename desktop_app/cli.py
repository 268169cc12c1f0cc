"""The `all-guide` command: start the app, or render one page to a PNG and exit."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

from desktop_app import __version__
from desktop_app.core.addresses import AddressError, parse_address
from desktop_app.core.paths import default_content_db


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text)
    if not match:
        raise argparse.ArgumentTypeError("size must look like 1280x800")
    return int(match.group(1)), int(match.group(2))


def _address(text: str) -> str:
    try:
        parse_address(text)
    except AddressError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="all-guide",
        description="ALL Guide: offline information about acute lymphoblastic leukaemia.",
    )
    parser.add_argument("--version", action="version", version=f"ALL Guide {__version__}")
    parser.add_argument("--content-db", type=Path, default=None,
                        help="content database to open (default: the bundled one)")
    parser.add_argument("--page", type=_address, default="app:home",
                        help="address of the page to open, such as app:article/what-is-all")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="render the page offscreen to this PNG file and exit")
    parser.add_argument("--size", type=_size, default=(1280, 800), metavar="WIDTHxHEIGHT",
                        help="window size for the screenshot (default 1280x800)")
    parser.add_argument("--text-scale", type=float, default=1.0, choices=(1.0, 1.25, 1.5,
                        1.75, 2.0), help="text size, 1.0 to 2.0")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from desktop_app.ui.application import create_application, create_main_window

    app = create_application(offscreen=args.screenshot is not None)
    window = create_main_window(args.content_db or default_content_db())
    window.set_text_scale(args.text_scale)
    if args.screenshot is not None:
        from desktop_app.ui.screenshot import save_screenshot

        width, height = args.size
        if not save_screenshot(window, args.page, args.screenshot, width, height):
            print(f"could not write {args.screenshot}", file=sys.stderr)
            return 1
        print(f"wrote {args.screenshot}")
        return 0
    window.resize(1200, 800)
    window.show()
    window.open(args.page)
    return app.exec()
