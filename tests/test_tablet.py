"""The clinic tablet: finger-sized targets on every screen, and flick scrolling by touch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QLineEdit,
    QWidget,
)

from desktop_app.ui.screens.message import MessageScreen
from desktop_app.ui.widgets import MIN_TARGET

PAGES = [
    "app:home",
    "app:section/understanding",
    "app:article/what-is-all",
    "app:treatment/induction",
    "app:search?q=platelets",
    "app:glossary",
    "app:diagram",
    "app:journey",
    "app:questions",
]


@pytest.fixture()
def tablet(qtbot, content_db: Path):
    from desktop_app.ui.application import create_main_window

    window = create_main_window(content_db, profile="tablet")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.showFullScreen()
    qtbot.waitExposed(window)
    return window


def visible_targets(window: QWidget) -> list[QWidget]:
    controls = [*window.findChildren(QAbstractButton), *window.findChildren(QLineEdit)]
    return [c for c in controls if c.isVisibleTo(window) and c.isEnabled()]


def item_rows(view: QAbstractItemView) -> list[QRect]:
    model = view.model()
    return [view.visualRect(model.index(row, 0)) for row in range(model.rowCount())]


@pytest.mark.parametrize("page", PAGES)
def test_every_target_is_at_least_44_px(qtbot, tablet, page: str) -> None:
    tablet.open(page)
    qtbot.wait(10)
    assert str(tablet.router.current) == page
    assert not isinstance(tablet.current_screen(), MessageScreen)  # the page exists
    too_small = [f"{type(c).__name__} {c.accessibleName() or c.text()!r} {c.width()}x"
                 f"{c.height()}" for c in visible_targets(tablet)
                 if c.width() < MIN_TARGET or c.height() < MIN_TARGET]
    for view in tablet.current_screen().findChildren(QAbstractItemView):
        if view.isVisibleTo(tablet):
            too_small += [f"list row {rect.height()} px high" for rect in item_rows(view)
                          if rect.height() < MIN_TARGET]
    assert too_small == []


def scrolling_area(window: QWidget, kind: str) -> QAbstractScrollArea:
    """The biggest area of that kind on the current screen with something to scroll."""
    areas = [a for a in window.current_screen().findChildren(QAbstractScrollArea)
             if a.isVisibleTo(window) and kind in {c.__name__ for c in type(a).__mro__}
             and a.verticalScrollBar().maximum() > 0]
    return max(areas, key=lambda a: a.viewport().height())


def flick_up(qtbot, window: QWidget, area: QAbstractScrollArea) -> None:
    """A finger pressed low in the area, drawn quickly upward, then lifted."""
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    handle = window.windowHandle()
    viewport = area.viewport()
    start = viewport.mapTo(window, QPoint(viewport.width() // 2, viewport.height() - 20))
    QTest.touchEvent(handle, device).press(0, start).commit()
    for step in range(1, 13):
        qtbot.wait(16)
        QTest.touchEvent(handle, device).move(0, start - QPoint(0, 25 * step)).commit()
    QTest.touchEvent(handle, device).release(0, start - QPoint(0, 300)).commit()


@pytest.mark.parametrize(("page", "kind"), [
    ("app:article/what-is-all", "ArticleBrowser"), ("app:glossary", "QListWidget"),
    ("app:questions", "ScrollingPage"), ("app:section/understanding", "ScrollingPage")])
def test_a_finger_flick_scrolls_every_list_and_article(qtbot, tablet, page: str,
                                                       kind: str) -> None:
    tablet.resize(800, 600)
    tablet.open(page)
    qtbot.wait(20)
    area = scrolling_area(tablet, kind)
    bar = area.verticalScrollBar()
    assert bar.value() == 0
    flick_up(qtbot, tablet, area)
    qtbot.waitUntil(lambda: bar.value() >= min(150, bar.maximum()), timeout=3000)
