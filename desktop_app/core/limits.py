"""Limits on the files the app reads, checked before any of a file is read.

A named pipe, a device or a folder given where a file belongs would block the app for
ever or feed it without end; a huge file would take minutes and gigabytes. Each is
refused at once, with a message that says what was wrong.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

KIB, MIB = 1024, 1024 * 1024
MAX_SETTINGS_BYTES = 256 * KIB  # a site file is a page or two of TOML
MAX_IMPORT_BYTES = 5 * MIB  # an export of 1,000 bookmarks and questions is about 200 KB
MAX_CONTENT_DB_BYTES = 512 * MIB  # the bundled content is under 5 MB
MAX_USER_DATA_BYTES = 256 * MIB  # history is capped, so real saved data stays small


class FileRefused(Exception):
    """The file is not one the app may read; `str()` says why in plain words."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check(path: Path, mode: int, size: int, max_bytes: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused(f"{path} is {_kind(mode)}, not a file")
    if size > max_bytes:
        raise FileRefused(f"{path} is too big ({size:,} bytes; at most {max_bytes:,})")


def check_file(path: Path, max_bytes: int) -> None:
    """Refuse `path` unless it is a regular file of at most `max_bytes` (FileRefused).
    FileNotFoundError passes through, so callers keep their own 'missing' message."""
    info = os.stat(path)  # stat never blocks, even on a pipe
    _check(path, info.st_mode, info.st_size, max_bytes)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`. The file is opened without
    blocking and checked on the open handle, so a pipe swapped in after a check is
    refused too, and never more than `max_bytes` + 1 bytes are read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        _check(path, info.st_mode, info.st_size, max_bytes)
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(descriptor, min(MIB, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(descriptor)
    if total > max_bytes:  # it grew while being read
        raise FileRefused(f"{path} is too big (more than {max_bytes:,} bytes)")
    return b"".join(chunks)


def read_text(path: Path, max_bytes: int, encoding: str = "utf-8") -> str:
    """read_bytes, decoded (UnicodeDecodeError passes through)."""
    return read_bytes(path, max_bytes).decode(encoding)
