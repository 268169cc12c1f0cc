"""The diagram's view buttons at 1024x768 and at 200% text: each group on one line that
scrolls sideways (so the buttons take two rows), full-size touch targets whose names hold
their labels, and a view off the edge of its row still reached by its arrow, by Tab and
by choosing it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.ui.diagram_widgets import ScrollingRow, ViewButton
from desktop_app.ui.screens.diagram import DiagramScreen
from desktop_app.ui.widgets import MIN_TARGET


def screen_of(person) -> DiagramScreen:
    screen = person.window.current_screen()
    assert isinstance(screen, DiagramScreen)
    return screen


def rows_used(buttons: list[ViewButton]) -> int:
    """How many distinct lines the buttons sit on (by their tops on screen)."""
    tops = sorted({b.mapToGlobal(b.rect().topLeft()).y() for b in buttons})
    lines: list[int] = []
    for top in tops:
        if not lines or top - lines[-1] > 10:
            lines.append(top)
    return len(lines)


@pytest.mark.parametrize("scale", ["1.0", "2.0"])
def test_view_buttons_take_two_rows_at_1024x768(start_app, scale: str) -> None:
    person = start_app("--page", "app:diagram?view=all", "--text-scale", scale)
    person.window.resize(1024, 768)
    QApplication.processEvents()
    screen = screen_of(person)
    buttons = [b for b in screen.view_buttons.buttons() if isinstance(b, ViewButton)]
    assert len(buttons) == len(screen.diagram.views)
    assert rows_used(buttons) == 2
    for button in buttons:
        assert button.height() >= MIN_TARGET and button.width() >= MIN_TARGET
        assert button.text() in button.accessibleName()  # WCAG 2.5.3: label in name
        # the words fit: the button is as wide as its words need
        assert button.width() >= button.fontMetrics().horizontalAdvance(button.text())


def test_a_view_off_the_edge_of_its_row_is_reached(start_app) -> None:
    person = start_app("--page", "app:diagram?view=all", "--text-scale", "2.0")
    person.window.resize(1024, 768)
    QApplication.processEvents()
    screen = screen_of(person)
    row = next(r for r in screen.view_rows if r.more.isVisible())
    assert isinstance(row, ScrollingRow)
    last = row.strip.findChildren(ViewButton)[-1]
    assert not row.clip.rect().contains(last.geometry().translated(-row.clip.offset, 0))
    person.click(row.more.accessibleName(), exact=True)  # the arrow moves the row
    assert row.clip.offset > 0 and row.back.isVisible()
    row.clip.set_offset(0)
    person.click(last.accessibleName(), exact=True)  # choosing it brings it into view
    assert last.isChecked() and screen.view_id == last.property("viewId")
    assert row.clip.rect().contains(last.geometry().translated(-row.clip.offset, 0))
    first = row.strip.findChildren(ViewButton)[0]
    first.setFocus()
    person.wait_until(first.hasFocus)
    assert row.clip.offset == 0
    last.setFocus()  # as Tab does: the focused button comes into view
    person.wait_until(last.hasFocus)
    assert row.clip.rect().contains(last.geometry().translated(-row.clip.offset, 0))
