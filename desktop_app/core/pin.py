"""The kiosk's admin PIN: stored only as a slow scrypt hash, with growing lockouts."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

_N, _R, _P = 2**14, 8, 1
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


def is_pin_hash(text: str) -> bool:
    parts = text.split("$")
    return len(parts) == 6 and parts[0] == "scrypt" and all(p.isdigit() for p in parts[1:4])


def verify_pin(pin: str, stored: str) -> bool:
    if not is_pin_hash(stored):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    try:
        candidate = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n),
                                   r=int(r), p=int(p), dklen=32)
    except ValueError:
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
        lockout = FIRST_LOCKOUT_SECONDS * 2 ** (self.failures - FREE_ATTEMPTS)
        self.locked_until = self.clock() + lockout
        return lockout

    def record_success(self) -> None:
        self.failures = 0
        self.locked_until = 0.0
