"""The app's own accessible objects: one QAccessible factory that hands out the
interfaces the screens register (the diagram's cells, the article's headings and links,
the diagram's view buttons).

Qt asks the factory for every object a screen reader touches, once per object (Qt keeps
the answer in its cache until the object is destroyed), walking the object's classes from
the most derived. A maker is chosen by the object's class name, or for plain Qt widgets
(a viewport, a QPushButton) by its object name.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAccessibleInterface,
)

Maker = Callable[[QObject], QAccessibleInterface | None]

_BY_CLASS: dict[str, Maker] = {}
_BY_OBJECT_NAME: dict[str, Maker] = {}
_installed = False


def alive(*objects: object) -> bool:
    """Whether every object still exists on the C++ side (a screen reader may ask about
    a widget that a kiosk reset has just deleted)."""
    return all(o is not None and shiboken6.isValid(o) for o in objects)


def register_class(class_name: str, maker: Maker) -> None:
    """Objects of the Python class `class_name` get their interface from `maker`."""
    _BY_CLASS[class_name] = maker
    _install()


def register_object_name(object_name: str, maker: Maker) -> None:
    """Plain Qt objects with this objectName get their interface from `maker`."""
    _BY_OBJECT_NAME[object_name] = maker
    _install()


def _install() -> None:
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def _factory(class_name: str, obj: QObject | None) -> QAccessibleInterface | None:
    if obj is None:
        return None
    maker = _BY_CLASS.get(class_name)
    if maker is None and _BY_OBJECT_NAME and obj.metaObject().className() == class_name:
        maker = _BY_OBJECT_NAME.get(obj.objectName())
    return maker(obj) if maker is not None else None


def notify(obj: QObject, event_type: QAccessible.Event) -> None:
    """Tell a screen reader about `obj` (costs nothing when none is listening)."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(obj, event_type))


def announce(obj: QObject, message: str, *, assertive: bool = False) -> None:
    """Say `message` now, as a web page's live region would: Qt's announcement event
    (AT-SPI "announcement", which Orca speaks), and a name change for older readers."""
    if not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(obj, message)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
    QAccessible.updateAccessibility(QAccessibleEvent(obj, QAccessible.Event.NameChanged))
