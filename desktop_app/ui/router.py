"""The router: turns addresses into the current page and keeps back/forward history."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop_app.core.addresses import HOME, Address


class Router(QObject):
    """History of visited addresses; emits `changed` whenever the current one changes."""

    changed = Signal(object)  # the new current Address

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._history: list[Address] = [HOME]
        self._index = 0

    @property
    def current(self) -> Address:
        return self._history[self._index]

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._history) - 1

    def navigate(self, address: Address) -> None:
        """Go to `address`. Typing more of a search replaces the search page in history."""
        if address == self.current:
            self.changed.emit(address)
            return
        if address.route == "search" and self.current.route == "search":
            self._history[self._index] = address
        else:
            del self._history[self._index + 1 :]
            self._history.append(address)
            self._index += 1
        self.changed.emit(address)

    def back(self) -> None:
        if self.can_go_back():
            self._index -= 1
            self.changed.emit(self.current)

    def forward(self) -> None:
        if self.can_go_forward():
            self._index += 1
            self.changed.emit(self.current)

    def reset(self, address: Address = HOME) -> None:
        """Forget all history and show `address`."""
        self._history = [address]
        self._index = 0
        self.changed.emit(address)
