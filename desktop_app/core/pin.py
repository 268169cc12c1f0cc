"""The kiosk's admin PIN: stored only as a slow scrypt hash, with growing lockouts."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

_N, _R, _P = 2**14, 8, 1
# What a stored hash may ask of scrypt: enough for any hash this app ever made, and little
# enough that checking a PIN takes well under a second (a huge n, r or p in a hand-edited
# hash would freeze the PIN pad for minutes at every Enter).
N_RANGE = (2**10, 2**16)  # a power of two
R_RANGE, P_RANGE = (1, 16), (1, 4)
MAX_WORK = 2**18  # n * r * p: twice this app's own cost
MAX_MEMORY = 64 * 1024 * 1024  # scrypt needs about 128 * n * r bytes
SALT_BYTES, DIGEST_BYTES = (16, 64), 32
_NUMBER = re.compile(r"[1-9][0-9]{0,9}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
FREE_ATTEMPTS = 3
FIRST_LOCKOUT_SECONDS = 30.0


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str) -> str:
    """`scrypt$n$r$p$salt$hash` for a PIN of 4 to 12 digits."""
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ValueError("the PIN must be 4 to 12 digits")
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def pin_hash_problem(text: object) -> str | None:
    """Why `text` is not a hash `hash_pin` could have made, or None when it is one:
    exactly `scrypt$n$r$p$salt$hash`, n a power of two, n, r and p in their safe ranges,
    a 16 to 64 byte salt and a 32 byte digest, both in standard base64."""
    if not isinstance(text, str):
        return "it is not text"
    if len(text) > 256:
        return "it is far too long"
    parts = text.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return "it must look like scrypt$n$r$p$salt$hash"
    if not all(_NUMBER.fullmatch(part) for part in parts[1:4]):
        return "n, r and p must be plain whole numbers"
    n, r, p = (int(part) for part in parts[1:4])
    if n & (n - 1) or not N_RANGE[0] <= n <= N_RANGE[1]:
        return f"n must be a power of two from {N_RANGE[0]} to {N_RANGE[1]}"
    if not R_RANGE[0] <= r <= R_RANGE[1] or not P_RANGE[0] <= p <= P_RANGE[1]:
        return f"r must be {R_RANGE[0]} to {R_RANGE[1]} and p {P_RANGE[0]} to {P_RANGE[1]}"
    if n * r * p > MAX_WORK or 128 * n * r > MAX_MEMORY:
        return "n, r and p together would make checking a PIN too slow"
    salt, digest = (_decoded(part) for part in parts[4:])
    if salt is None or not SALT_BYTES[0] <= len(salt) <= SALT_BYTES[1]:
        return f"the salt must be {SALT_BYTES[0]} to {SALT_BYTES[1]} bytes in base64"
    if digest is None or len(digest) != DIGEST_BYTES:
        return f"the hash must be {DIGEST_BYTES} bytes in base64"
    return None


def _decoded(part: str) -> bytes | None:
    if not _BASE64.fullmatch(part):
        return None
    try:
        return base64.b64decode(part, validate=True)
    except (binascii.Error, ValueError):
        return None


def is_pin_hash(text: object) -> bool:
    return pin_hash_problem(text) is None


def verify_pin(pin: str, stored: str) -> bool:
    """True when `pin` is the PIN `stored` was made from; False for any hash that is not
    well formed, without running scrypt on it."""
    if not is_pin_hash(stored):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    try:
        candidate = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n),
                                   r=int(r), p=int(p), maxmem=2 * MAX_MEMORY, dklen=32)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, base64.b64decode(digest))


@dataclass
class PinLockout:
    """The first FREE_ATTEMPTS - 1 wrong PINs cost nothing; the next one locks the pad for
    30 s, and each wrong PIN after that for twice as long as the last (60 s, 120 s …).
    `clock` is injectable for tests."""

    clock: Callable[[], float]
    failures: int = 0
    locked_until: float = 0.0

    def seconds_left(self) -> float:
        return max(0.0, self.locked_until - self.clock())

    def record_failure(self) -> float:
        """Count a wrong PIN; returns the lockout it starts, in seconds (0 for none)."""
        self.failures += 1
        if self.failures < FREE_ATTEMPTS:
            return 0.0
        lockout = FIRST_LOCKOUT_SECONDS * 2.0 ** (self.failures - FREE_ATTEMPTS)
        self.locked_until = self.clock() + lockout
        return lockout

    def record_success(self) -> None:
        self.failures = 0
        self.locked_until = 0.0
