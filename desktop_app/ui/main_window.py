"""The main window: the always-visible top bar, the screens, and the router between them."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QChildEvent, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScroller,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.addresses import HOME, Address, AddressError, parse_address, search_address
from desktop_app.core.repository import (
    READ_ERRORS,
    ContentRepository,
    ContentUnavailable,
    UnavailableReason,
)
from desktop_app.core.session import ReaderSession
from desktop_app.core.settings import SiteSettings
from desktop_app.ui import style
from desktop_app.ui.restyle import Restyler
from desktop_app.ui.router import Router
from desktop_app.ui.screens import Screen, registry
from desktop_app.ui.screens.message import MessageScreen
from desktop_app.ui.widgets import MIN_TARGET, connect_clicked

if TYPE_CHECKING:
    from desktop_app.ui.profile import Profile

log = logging.getLogger(__name__)

class MainWindow(QMainWindow):
    """Shows whatever the router says is current; the content may be unavailable.

    Profiles (ui/kiosk.py, ui/tablet.py, ui/laptop.py) add their controls to the top bar
    and listen to `screen_created` and `page_shown`; `close_guard` may refuse closing.
    """

    screen_created = Signal(object)  # a Screen, when first made
    page_shown = Signal(object)  # the Address now shown
    content_lost = Signal()  # the content cannot be used: profiles disable their controls

    def __init__(self, repository: ContentRepository | None,
                 problem: ContentUnavailable | None = None,
                 settings: SiteSettings | None = None) -> None:
        super().__init__()
        self.repository = repository
        self.settings = settings or SiteSettings()
        self.close_guard: Callable[[], bool] = lambda: True
        self.controller: Profile | None = None  # the kiosk, tablet or laptop (ui/profile.py)
        self.errors: list[str] = []  # unexpected errors caught by ui/errors.py
        # screens a profile adds (the laptop's saved pages), by route
        self.extra_screens: dict[str, Callable[[], Screen]] = {}
        # the repository was opened for this site: it leaves hidden sections out itself
        self.router = Router(self)
        self.router.changed.connect(self._show)
        self.screens: dict[str, Screen] = {}
        self.session = ReaderSession()
        self.text_scale = 1.0
        self.restyler = Restyler(self)  # the style sheet, part by part (_restyle)
        self.setWindowTitle(self.tr("ALL Guide"))
        self.stack = QStackedWidget()
        self.message_screen = MessageScreen()
        self.stack.addWidget(self.message_screen)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._build_footer())
        self.setCentralWidget(central)
        self._add_shortcuts()
        self.set_text_scale(1.0)
        if repository is None:
            self._show_unavailable(problem)
        else:
            self._show(self.router.current)

    # Building

    def _button(self, text: str, accessible: str, icon: QStyle.StandardPixmap | None,
                slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        if icon is not None:
            button.setIcon(self.style().standardIcon(icon))
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.setMinimumSize(MIN_TARGET, MIN_TARGET)
        connect_clicked(button, slot)
        return button

    def _build_top_bar(self) -> QWidget:
        """Back, Forward, Home and search on the left; Colours and the text size buttons
        at the right end; the profile's actions beside them or on a second row
        (ui/top_bar.py).
        Under it, the colours panel, shown by the Colours button."""
        from desktop_app.ui.top_bar import ThemePanel, TopBar

        bar = TopBar()
        self.top_bar = bar
        sp = QStyle.StandardPixmap
        self.back_button = self._button(self.tr("Back"), self.tr("Go back"),
                                        sp.SP_ArrowBack, self.router.back)
        self.forward_button = self._button(self.tr("Forward"), self.tr("Go forward"),
                                           sp.SP_ArrowForward, self.router.forward)
        self.home_button = self._button(self.tr("Home"), self.tr("Go to the home page"),
                                        None, lambda: self.open(HOME))
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(self.tr("any words"))
        self.search_field.setAccessibleName(self.tr("Search ALL Guide"))
        self.search_field.setMinimumHeight(MIN_TARGET)
        self.search_field.textEdited.connect(self._search_edited)
        # Qt's own clear button is a 22 px icon, too small for a finger: use a full button
        self.clear_search_button = self._button("✕", self.tr("Clear the search"), None,
                                                self.clear_search)
        self.clear_search_button.hide()
        self.search_field.textChanged.connect(
            lambda text: self.clear_search_button.setVisible(bool(text)))
        self.theme_button = self._button(self.tr("Colours"),
                                         self.tr("Colours: light, dark or high contrast"),
                                         None, self.toggle_theme_panel)
        self.theme_button.setCheckable(True)
        self.smaller_button = self._button(self.tr("A−"), self.tr("Make text smaller"),
                                           None, lambda: self.step_text_scale(-1))
        self.larger_button = self._button(self.tr("A+"), self.tr("Make text larger"),
                                          None, lambda: self.step_text_scale(+1))
        bar.set_controls([self.back_button, self.forward_button, self.home_button],
                         self.search_field, [self.clear_search_button],
                         [self.theme_button, self.smaller_button, self.larger_button])
        self.top_bar_row = bar.first
        self.theme_choice = style.SYSTEM
        self.theme = style.resolve_theme(style.SYSTEM)
        self.screen_factor, self.touch, self.fit_to_screen = 1.0, False, False
        self.theme_panel = ThemePanel({
            style.SYSTEM: (self.tr("Same as this computer"),
                           self.tr("Colours: same as this computer")),
            "light": (self.tr("Light"), self.tr("Colours: light")),
            "dark": (self.tr("Dark"), self.tr("Colours: dark")),
            "contrast": (self.tr("High contrast"), self.tr("Colours: high contrast")),
        }, self.tr("Colours"))
        self.theme_panel.mark(self.theme_choice)
        for choice, button in self.theme_panel.buttons.items():
            connect_clicked(button, lambda c=choice: self.set_theme(c))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_colours_changed)
        # the panel lies over the page, just under the bar, rather than in the layout:
        # at 200% text it would make the window taller than a kiosk's screen
        self.theme_panel.setParent(self)
        self.theme_panel.hide()
        return bar

    def _build_footer(self) -> QLabel:
        """The site's name and contacts from the site settings, or the care-team reminder."""
        contacts = "  ·  ".join(
            f"{c.name}: {c.phone}" if c.phone else c.name for c in self.settings.contacts[:3])
        parts = [self.settings.site_name, contacts] if self.settings.site_name or contacts \
            else [self.tr("ALL Guide gives general information. Ask your care team about "
                          "your own situation.")]
        self.footer = QLabel("  ·  ".join(p for p in parts if p))
        self.footer.setObjectName("footer")
        self.footer.setWordWrap(True)
        self.footer.setAccessibleName(self.footer.text())
        return self.footer

    def note_settings_problems(self, count: int) -> None:
        """A kiosk locked by a mistake in the site settings says so in its footer, for
        staff, with the command that names each problem (nothing of the file itself)."""
        if count:
            note = self.tr("Site settings need attention ({n} problem(s)): this kiosk "
                           "started locked. IT can run: all-guide --check-settings").format(
                               n=count)
            self.footer.setText(f"{self.footer.text()}  ·  {note}")
            self.footer.setAccessibleName(self.footer.text())

    def add_to_top_bar(self, widget: QWidget) -> None:
        """Profiles put their own controls (Start over, Bookmark, Print) in the top bar:
        beside the text size buttons when they fit, else on a second row."""
        self.top_bar.add_action(widget)

    def _add_shortcuts(self) -> None:
        bindings = [
            (QKeySequence.StandardKey.Back, self.router.back),
            (QKeySequence.StandardKey.Forward, self.router.forward),
            (QKeySequence("Alt+Home"), lambda: self.open(HOME)),
            (QKeySequence("Ctrl+K"), self.focus_search),  # search, even inside an article
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.step_text_scale(+1)),
            (QKeySequence("Ctrl+="), lambda: self.step_text_scale(+1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.step_text_scale(-1)),
            (QKeySequence("Ctrl+0"), lambda: self.set_text_scale(1.0)),
        ]
        for keys, slot in bindings:
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # Navigation

    def open(self, address: Address | str) -> None:
        """Show the page at `address`. With no content, the message saying so stays: no
        page could be shown. The app's own code gives an Address; text (still given by
        the tests, bench/ and ui/screenshot.py) goes through open_link."""
        if isinstance(address, str):
            self.open_link(address)
            return
        if self.repository is not None:
            self.router.navigate(address)

    def open_link(self, text: str) -> None:
        """Open an address written as text outside the code (a test, a script): parsed
        here, once; text that is no in-app address says the page is not in ALL Guide."""
        try:
            address = parse_address(text)
        except AddressError:
            self.link_not_found()
            return
        self.open(address)

    def link_not_found(self) -> None:
        """A link named no page of ALL Guide (screens parse their content's links)."""
        if self.repository is None:
            return
        log.warning("ignored a link that is not an in-app address")  # not its words
        self._show_not_found()

    def focus_search(self) -> None:
        """Ctrl+F: into the search box that is showing (Home has its own large one)."""
        field = self.search_field
        if not field.isVisible():
            field = getattr(self.current_screen(), "search_field", field)
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()

    def clear_search(self) -> None:
        self.search_field.setText("")  # not clear(): that keeps undo history
        self._search_edited("")
        self.search_field.setFocus()

    def _search_edited(self, text: str) -> None:
        if self.repository is None:
            return
        if text.strip():
            self.router.navigate(search_address(text))
        elif self.router.current.route == "search":
            self.router.navigate(search_address(""))

    def screen_for(self, route: str) -> Screen | None:
        """The screen that shows `route` (screens/registry.py), made on first use."""
        entry = registry.entry_for(route)
        if self.repository is None or entry is None:
            return None
        key = entry.screen_key
        if key not in self.screens:
            if entry.make is not None:
                screen = entry.make(registry.ScreenContext(
                    self.repository, self.open, self.link_not_found, self.session,
                    self.settings))
            elif key in self.extra_screens:
                screen = self.extra_screens[key]()
            else:
                return None  # a profile's screen this profile does not have
            self.screens[key] = screen
            self.stack.addWidget(screen)
            self.restyler.give(screen)  # once it has its parent: polished once, not twice
            self.screen_created.emit(screen)
        return self.screens[key]

    def current_screen(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def _show(self, address: Address) -> None:
        if self.repository is None:
            return  # the "content unavailable" message stays
        focus_was_on_page = self._focus_is_on_page()
        try:
            screen = self.screen_for(address.route)
            if screen is not None:
                self._restyle_screen(screen)  # restyled now if it was hidden at a restyle
            shown = screen is not None and screen.show_address(address)
        except READ_ERRORS as error:  # a table or row the app cannot read
            self.content_damaged(type(error).__name__)
            return
        if screen is None or not shown:
            self._show_not_found()
        else:
            self.stack.setCurrentWidget(screen)
            title = screen.page_title()
            self.setWindowTitle(f"{title} – ALL Guide" if title else "ALL Guide")
        if address.route == "search":
            query = address.param("q")
            if self.search_field.text() != query:
                self.search_field.setText(query)
        elif self.search_field.text():
            self.search_field.setText("")  # not clear(): that keeps undo history
        # Home has its own large search box; the top bar's would be a second one
        self.search_field.setVisible(address.route != "home")
        self.clear_search_button.setVisible(address.route != "home"
                                            and bool(self.search_field.text()))
        self._update_buttons()
        if focus_was_on_page:
            self._settle_focus(address)
        if screen is not None and shown:
            self.page_shown.emit(address)

    def content_damaged(self, detail: str) -> None:
        """A page could not be read from the content database: say so, and stop."""
        if self.repository is None:
            return
        log.error("content damaged: %s", detail)
        path, self.repository = self.repository.path, None
        self._show_unavailable(ContentUnavailable(UnavailableReason.DAMAGED, path, detail))

    def _focus_is_on_page(self) -> bool:
        """Whether the keyboard focus is inside the page now shown (not the top bar)."""
        focus = QApplication.focusWidget()
        page = self.stack.currentWidget()
        return focus is None or (page is not None and page.isAncestorOf(focus))

    def _settle_focus(self, address: Address) -> None:
        """The focus was on the page just left: give it a sensible new home, so typing
        goes on in the search field and Tab starts at the new page's first control."""
        if address.route == "search" and self.search_field.isVisible():
            self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search_field.deselect()
            self.search_field.end(False)
            return
        page = self.stack.currentWidget()
        if page is not None:
            page.setFocus(Qt.FocusReason.OtherFocusReason)
            focus = QApplication.focusWidget()
            if focus is None or not page.isAncestorOf(focus):
                page.focusNextChild()

    @property
    def content_available(self) -> bool:
        return self.repository is not None

    def _update_buttons(self) -> None:
        available = self.repository is not None
        self.back_button.setEnabled(available and self.router.can_go_back())
        self.forward_button.setEnabled(available and self.router.can_go_forward())
        self.home_button.setEnabled(available)
        self.search_field.setEnabled(available)

    def _show_not_found(self) -> None:
        self.message_screen.set_message(
            self.tr("This page is not in ALL Guide"),
            self.tr("The link may be out of date. You can go back, or start again from the "
                    "home page."),
        )
        self.stack.setCurrentWidget(self.message_screen)
        self._update_buttons()

    def _show_unavailable(self, problem: ContentUnavailable | None) -> None:
        reason = problem.reason if problem else UnavailableReason.MISSING
        titles = {
            UnavailableReason.MISSING: self.tr("ALL Guide cannot find its content"),
            UnavailableReason.EMPTY: self.tr("ALL Guide's content file is empty"),
            UnavailableReason.DAMAGED: self.tr("ALL Guide's content file is damaged"),
            UnavailableReason.NOT_CONTENT: self.tr("This file is not ALL Guide content"),
            UnavailableReason.TOO_OLD: self.tr("This content is for an older ALL Guide"),
            UnavailableReason.TOO_NEW: self.tr("This content needs a newer ALL Guide"),
        }
        self.message_screen.set_message(
            titles[reason],
            self.tr("The articles cannot be shown right now. Nothing you saved has been "
                    "changed."),
            self.tr("Please ask the ward staff or your IT team to reinstall ALL Guide. "
                    "If you build the app from its source, run: python -m db build"),
            self.tr("Technical details: {reason} – {path} {detail}").format(
                reason=reason.value,
                path=str(problem.path) if problem else "",
                detail=problem.detail if problem else "",
            ),
        )
        self.stack.setCurrentWidget(self.message_screen)
        self.search_field.setVisible(True)  # there, but off: no search without content
        self.setWindowTitle(f"{titles[reason]} – ALL Guide")
        self._update_buttons()
        self.content_lost.emit()

    # Text size

    def step_text_scale(self, steps: int) -> None:
        scales = style.TEXT_SCALES
        position = min(range(len(scales)), key=lambda i: abs(scales[i] - self.text_scale))
        position = max(0, min(len(scales) - 1, position + steps))
        self.set_text_scale(scales[position])

    def set_text_scale(self, scale: float) -> None:
        """Grow or shrink all text (1.0 to 2.0); layouts wrap rather than clip. On a
        kiosk the screen's own factor (set_display) multiplies the reader's choice."""
        if scale == self.text_scale and self.restyler.sheet:
            return  # a restyle costs tens of ms (each kiosk reset asks)
        self.text_scale = scale
        self._restyle()
        self.smaller_button.setEnabled(scale > style.TEXT_SCALES[0])
        self.larger_button.setEnabled(scale < style.TEXT_SCALES[-1])

    def set_theme(self, choice: str) -> None:
        """Light, dark, high contrast, or "system" (follow the system's colour scheme)."""
        if choice not in style.THEME_CHOICES:
            choice = style.SYSTEM
        theme = style.resolve_theme(choice)
        changed = theme != self.theme
        self.theme_choice, self.theme = choice, theme
        self.theme_panel.mark(choice)
        if changed:
            self._restyle()

    def toggle_theme_panel(self) -> None:
        self.theme_panel.setVisible(not self.theme_panel.isVisible())
        self.theme_button.setChecked(self.theme_panel.isVisible())
        self._place_theme_panel()

    def _place_theme_panel(self) -> None:
        """Under the top bar, across the window, as tall as its buttons need."""
        if not self.theme_panel.isVisible():
            return
        top = self.top_bar.mapTo(self, self.top_bar.rect().bottomLeft()).y() + 1
        width = self.width()
        height = self.theme_panel.layout().totalHeightForWidth(width)
        self.theme_panel.setGeometry(0, top, width, max(height, MIN_TARGET))
        self.theme_panel.raise_()

    def _system_colours_changed(self, _scheme: object = None) -> None:
        if self.theme_choice == style.SYSTEM:
            self.set_theme(style.SYSTEM)

    def set_display(self, *, touch: bool | None = None,
                    fit_to_screen: bool | None = None) -> None:
        """Profiles say how the window is used: `touch` widens the scroll bars for a
        finger; `fit_to_screen` (a kiosk read from arm's length) scales text and targets
        with the screen's height, on top of the reader's text size."""
        if touch is not None:
            self.touch = touch
        if fit_to_screen is not None:
            self.fit_to_screen = fit_to_screen
        self._fit_screen_factor()
        self._restyle()

    def _fit_screen_factor(self) -> bool:
        """The kiosk's screen factor from the window's height (a kiosk fills its screen);
        True if it changed."""
        factor = style.screen_text_factor(self.height()) if self.fit_to_screen else 1.0
        changed = factor != self.screen_factor
        self.screen_factor = factor
        return changed

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_to_screen and self._fit_screen_factor():
            self._restyle()
        self._place_theme_panel()

    def _restyle(self) -> None:
        """The style sheet and the documents' CSS for the text size, theme and screen.

        Only what can be seen is restyled at once; hidden screens and overlays when
        next shown (ui/restyle.py: a sheet on the window itself repolished every widget
        of every screen made so far)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_theme(app, self.theme)
        central = self.centralWidget()
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        overlays = [w for w in self.findChildren(QWidget, options=direct) if w is not central]
        self.restyler.restyle(
            style.style_sheet(self.text_scale, self.theme, screen=self.screen_factor,
                              touch=self.touch),
            [self.top_bar, self.footer, *overlays, self.message_screen,
             *self.screens.values()])
        current = self.stack.currentWidget()
        if isinstance(current, Screen):
            self._restyle_screen(current)
        QTimer.singleShot(0, self._place_theme_panel)  # once the bar has its new height

    def _restyle_screen(self, screen: Screen) -> None:
        """A screen in the window's current look: its sheet, and an article's document."""
        self.restyler.give(screen)
        if screen is self.screens.get("article"):
            self._apply_document_font()

    def childEvent(self, event: QChildEvent) -> None:
        """Parts put over the window later (the idle warning, the PIN pad, a dialog) take
        the sheet when they are first polished, as the window's own sheet gave it."""
        super().childEvent(event)
        child = event.child()
        if event.type() == QEvent.Type.ChildPolished and isinstance(child, QWidget) \
                and child is not self.centralWidget() and hasattr(self, "restyler"):
            self.restyler.give(child)

    def reset_session(self) -> None:
        """Forget everything a reader did: the screens (with their scroll positions,
        popups and typed words), history, search text and its undo history, ticked
        questions, text size and the clipboard. Used by the kiosk's idle reset."""
        # the stack shows the next page each time its current one goes: the message first
        self.stack.setCurrentWidget(self.message_screen)
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.hide()
        _delete_one_by_one(list(self.screens.values()))
        self.screens.clear()
        self.session.clear()
        self.search_field.setText("")  # setText, unlike clear(), also empties undo history
        clipboard = QGuiApplication.clipboard()
        clipboard.clear()
        if clipboard.supportsSelection():  # X11 and Wayland paste a selection with a middle click
            clipboard.clear(clipboard.Mode.Selection)
        self.set_text_scale(1.0)
        self.set_theme(style.SYSTEM)  # the next reader starts with the system's colours
        self.router.reset()

    def _apply_document_font(self) -> None:
        """The article's font size and colours follow the window's (documents take no
        style sheet from their widget)."""
        article = self.screens.get("article")
        if article is not None:
            from desktop_app.ui.screens.article import ArticleScreen  # loaded with the screen

            assert isinstance(article, ArticleScreen)
            article.browser.set_look(
                style.application_font(self.text_scale * self.screen_factor), self.theme)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_guard():
            event.ignore()
            return
        if self.repository is not None:
            self.repository.close()
        super().closeEvent(event)


def _delete_one_by_one(widgets: list[QWidget]) -> None:
    """Delete the old screens one per turn of the event loop: all at once took a few
    hundred ms in one go after a wipe (a thousand widgets, each seen by the kiosk's
    event filters). They are hidden and out of the stack already, so nothing shows."""
    widgets = [w for w in widgets if shiboken6.isValid(w)]  # gone with the window
    if widgets:
        # deleted from Python, so its Python side is freed with it: with deleteLater
        # about one screen in ten kept its Python side for ever (the soak grew about
        # 4 MB per 1,000 events)
        _ungrab_gestures(widgets[0])
        shiboken6.delete(widgets[0])
        QTimer.singleShot(0, lambda: _delete_one_by_one(widgets[1:]))
    else:
        # The screens' Python sides are in reference cycles (a part of an article and
        # its children name each other, a widget and its slots), which Python's collector
        # reaches only after tens of thousands of new objects: the soak found thousands
        # of them waiting. One full collection when the last screen is gone (the kiosk is
        # idle, showing its message; about 30 to 80 ms) gives their memory back at once.
        gc.collect()


def _ungrab_gestures(screen: QWidget) -> None:
    """Give back the flick gestures a screen's parts took (QScroller.grabGesture): Qt
    keeps each one's recognizer until it is ungrabbed, and every later event and every
    deletion walked the growing list (a wipe took 2 to 6 s after a few hundred)."""
    for part in (screen, *screen.findChildren(QWidget)):
        if QScroller.hasScroller(part):
            QScroller.ungrabGesture(part)

