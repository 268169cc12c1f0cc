"""One module per screen. Each screen is a QWidget with `show_address(address) -> bool`.

A screen returns False when the address names something that does not exist; the main
window then shows the "page not found" message instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.core.addresses import Address

Navigate = Callable[[Address], None]  # open a page (buttons, cards, parsed links)
# say that a link in the content named no page of ALL Guide ("This page is not in...")
LinkNotFound = Callable[[], None]


class Screen(QWidget):
    """Base class: a page the router can show."""

    def fill_with(self, page: QWidget) -> None:
        """The screen is this one page (usually a ScrollingPage), edge to edge."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

    def show_address(self, address: Address) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def page_title(self) -> str:
        return ""
