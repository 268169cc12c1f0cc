"""Colours, fonts and the style sheet, with text sizes computed from one text scale.

Three themes (light, dark, high contrast) share one style sheet template. Every colour
pair a theme draws with (text, links, focus ring, borders, scroll bars, the ticked box)
is listed in THEME_PAIRS with the contrast it must reach, and tests hold each to it:
text 4.5:1 (7:1 in high contrast), other visible parts 3:1 (WCAG 2.2 AA).

The module-level colours (INK, PAPER...) are the light theme's: printouts always use
them, whatever the screen shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.core.paths import fonts_dir, resources_dir

FONT_FAMILY = "Atkinson Hyperlegible"
BASE_POINT_SIZE = 12.0
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
READING_CHARACTERS = 68  # body text column: about 60 to 75 characters a line
# a line of ordinary English, to measure the average width of a character with spaces
_SAMPLE = ("Most signs of ALL come from having too few healthy blood cells, so you may "
           "feel tired. ")


@dataclass(frozen=True)
class Theme:
    """One set of colours. `text_minimum` is the contrast its text must reach."""

    name: str
    ink: str  # body text
    muted: str  # secondary text
    paper: str  # page background
    tile: str  # section tiles and cards
    line: str  # borders a reader must see: fields, cards, tick boxes (3:1 on paper)
    accent: str  # buttons
    accent_ink: str  # text on accent
    link: str  # links in articles
    glossary: str  # glossary links: not purple (that reads as "visited"), not the link colour
    note: str  # notes such as "due for review" and outside-link banners
    focus: str  # keyboard focus ring (3:1 on paper and on tiles)
    disabled_ink: str  # disabled button text (on paper)
    placeholder: str  # the hint in an empty field
    track: str  # scroll bar groove
    handle: str  # scroll bar handle (3:1 on its groove)
    tick: str  # the ticked box's tick picture, on accent
    text_minimum: float = 4.5


LIGHT = Theme(
    name="light", ink="#1b1b1f", muted="#4a4a55", paper="#ffffff", tile="#eef4fa",
    line="#5f6b7a", accent="#0b5394", accent_ink="#ffffff", link="#0b5394",
    glossary="#00695c", note="#fff4d6", focus="#b45309", disabled_ink="#5f6368",
    placeholder="#5f6368", track="#eef1f4", handle="#5f6b7a", tick="tick-white.svg",
)
DARK = Theme(
    name="dark", ink="#e8eaed", muted="#b4bac4", paper="#121417", tile="#1e252e",
    line="#8a919c", accent="#8ab4f8", accent_ink="#0b1a2e", link="#8ab4f8",
    glossary="#5fd3bc", note="#3a3320", focus="#ffb74d", disabled_ink="#9aa0a6",
    placeholder="#a0a6ae", track="#1e2228", handle="#9aa3ae", tick="tick-black.svg",
)
HIGH_CONTRAST = Theme(
    name="contrast", ink="#ffffff", muted="#e6e6e6", paper="#000000", tile="#000000",
    line="#ffffff", accent="#ffd400", accent_ink="#000000", link="#ffd400",
    glossary="#7fffd4", note="#1f1f1f", focus="#00e5ff", disabled_ink="#c8c8c8",
    placeholder="#c8c8c8", track="#000000", handle="#ffffff", tick="tick-black.svg",
    text_minimum=7.0,
)
THEMES: dict[str, Theme] = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}
SYSTEM = "system"  # the reader's choice "follow this computer"
THEME_CHOICES = (SYSTEM, "light", "dark", "contrast")

# the light theme's colours by their old names (printing and the diagram use them)
INK, MUTED, PAPER, TILE = LIGHT.ink, LIGHT.muted, LIGHT.paper, LIGHT.tile
ACCENT, ACCENT_INK, GLOSSARY = LIGHT.accent, LIGHT.accent_ink, LIGHT.glossary
NOTE, FOCUS, DISABLED_INK = LIGHT.note, LIGHT.focus, LIGHT.disabled_ink


def theme_pairs(theme: Theme) -> dict[str, tuple[str, str, float]]:
    """Every foreground/background pair `theme` draws, with the contrast it must reach."""
    text = theme.text_minimum
    t = theme
    return {
        "body text": (t.ink, t.paper, text),
        "secondary text": (t.muted, t.paper, text),
        "tile text": (t.ink, t.tile, text),
        "tile secondary text": (t.muted, t.tile, text),
        "button text": (t.accent_ink, t.accent, text),
        "focused button text": (t.link, t.paper, text),
        "checked button text": (t.link, t.paper, text),
        "link": (t.link, t.paper, text),
        "link on a tile": (t.link, t.tile, text),
        "glossary link": (t.glossary, t.paper, text),
        "glossary link on a note": (t.glossary, t.note, text),
        "note text": (t.ink, t.note, text),
        "note secondary text": (t.muted, t.note, text),
        "disabled button": (t.disabled_ink, t.paper, text),
        "placeholder text": (t.placeholder, t.paper, text),
        "selected row": (t.accent_ink, t.accent, text),
        "focus ring on paper": (t.focus, t.paper, 3.0),
        "focus ring on a tile": (t.focus, t.tile, 3.0),
        "button on paper": (t.accent, t.paper, 3.0),
        "field and card border": (t.line, t.paper, 3.0),
        "scroll bar handle": (t.handle, t.track, 3.0),
        "ticked box on paper": (t.accent, t.paper, 3.0),
        "tick on the ticked box": ("#ffffff" if "white" in t.tick else "#000000", t.accent, 3.0),
    }


THEME_PAIRS: dict[str, dict[str, tuple[str, str, float]]] = {
    name: theme_pairs(theme) for name, theme in THEMES.items()}
# the light theme's text pairs, as (foreground, background)
TEXT_PAIRS: dict[str, tuple[str, str]] = {
    name: (fg, bg) for name, (fg, bg, minimum) in THEME_PAIRS["light"].items() if minimum >= 4.5}


def system_theme() -> str:
    """The theme the system asks for: high contrast if set, else dark or light."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None:
        try:
            if accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
                return "contrast"
        except AttributeError:  # a Qt without contrast preferences
            pass
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def resolve_theme(choice: str) -> Theme:
    """The theme for a reader's choice ("system" follows the system)."""
    return THEMES.get(system_theme() if choice == SYSTEM else choice, LIGHT)


def screen_text_factor(screen_height: int) -> float:
    """How much larger text and targets are on a kiosk screen read from arm's length:
    none up to 900 px high, then in step with the height (1080 px: 1.2x), at most 1.6x.
    Rounded, so a few pixels more or less never restyle the window."""
    return round(min(1.6, max(1.0, screen_height / 900)), 2)


def load_fonts() -> None:
    """Register the bundled font, so text looks the same on every machine, offline."""
    for path in sorted(fonts_dir().glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))


def application_font(scale: float) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    return font


def reading_width(font: QFont, characters: int = READING_CHARACTERS) -> int:
    """The width in pixels of a line of about `characters` characters of body text."""
    metrics = QFontMetricsF(font)
    return round(metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE) * characters)


def _icon(name: str) -> str:
    return (resources_dir() / "icons" / name).as_posix()


def style_sheet(scale: float, theme: Theme = LIGHT, *, screen: float = 1.0,
                touch: bool = False) -> str:
    """The app's style sheet for a text scale (1.0 = normal, 2.0 = 200%), on a screen
    that scales text and targets by `screen` (a kiosk), for fingers if `touch`."""
    t = theme
    pt = BASE_POINT_SIZE * scale * screen
    target = round(44 * screen)  # the smallest touch target
    button_min = target - 16  # less the 3 px borders and 5 px padding
    bar = round((28 if touch else 16) * screen)  # scroll bar width
    idle_pt = max(pt, BASE_POINT_SIZE * 1.5 * screen)
    return f"""
    QWidget {{ color: {t.ink}; font-size: {pt:.1f}pt; }}
    QLabel#pageTitle {{ font-size: {pt * 1.9:.1f}pt; font-weight: bold; }}
    QLabel#sectionTitle {{ font-size: {pt * 1.5:.1f}pt; font-weight: bold; }}
    QLabel#pageLead, QLabel#muted {{ color: {t.muted}; }}
    QLabel#cardTitle {{ font-size: {pt * 1.2:.1f}pt; font-weight: bold; background: transparent; }}
    QLabel#cardText {{ color: {t.muted}; background: transparent; }}
    /* every button keeps a 3 px border (focus only recolours it), so taking the focus
       never shrinks the room for the words */
    QPushButton, QToolButton {{
        background: {t.accent}; color: {t.accent_ink}; border: 3px solid {t.accent};
        border-radius: 6px; padding: 5px 11px; min-height: {button_min}px;
    }}
    QPushButton:checked {{ background: {t.paper}; color: {t.link}; }}
    QPushButton:disabled, QToolButton:disabled {{ background: {t.paper}; color: {t.disabled_ink};
        border: 1px solid {t.disabled_ink}; padding: 7px 13px; }}
    /* a focused button turns to paper inside its ring, so the ring stands out on both
       of its sides (a ring on the blue fill would be 1.6:1) */
    QPushButton:focus, QToolButton:focus {{ outline: none; background: {t.paper};
        color: {t.link}; border: 3px solid {t.focus}; }}
    QLineEdit:focus, QListWidget:focus, QTextBrowser:focus {{ outline: none;
        border: 3px solid {t.focus}; }}
    QPushButton#card {{ background: {t.tile}; color: {t.ink}; border: 1px solid {t.line};
        border-radius: 10px; padding: 14px; text-align: left; }}
    QPushButton#card:hover {{ border: 2px solid {t.accent}; }}
    QPushButton#card:focus {{ background: {t.tile}; border: 3px solid {t.focus}; }}
    QCheckBox {{ spacing: 10px; }}
    QCheckBox::indicator {{ width: {round(26 * screen)}px; height: {round(26 * screen)}px;
        border: 2px solid {t.line}; border-radius: 4px; background: {t.paper}; }}
    QCheckBox::indicator:checked {{ background: {t.accent}; border-color: {t.accent};
        image: url("{_icon(t.tick)}"); }}
    QCheckBox:focus {{ outline: none; border: 3px solid {t.focus}; border-radius: 4px; }}
    QLineEdit {{ background: {t.paper}; color: {t.ink}; border: 2px solid {t.line};
        border-radius: 6px; padding: 6px 10px; min-height: {button_min}px;
        placeholder-text-color: {t.placeholder}; }}
    QFrame#note {{ background: {t.note}; border-radius: 8px; }}
    QFrame#note QLabel {{ background: {t.note}; }}
    QFrame#glossaryCard {{ background: {t.tile}; border: 2px solid {t.glossary};
        border-radius: 10px; }}
    QFrame#glossaryCard QLabel {{ background: {t.tile}; }}
    QFrame#topBar, QFrame#themePanel {{ background: {t.paper}; border-bottom: 1px solid {t.line}; }}
    QListWidget {{ background: {t.paper}; border: 1px solid {t.line}; }}
    QListWidget::item, QTreeWidget::item {{ padding: 4px; min-height: {target - 8}px; }}
    QListWidget::item:selected {{ background: {t.accent}; color: {t.accent_ink}; }}
    QTextBrowser {{ background: {t.paper}; color: {t.ink}; }}
    QLabel#footer {{ color: {t.muted}; background: {t.paper}; padding: 6px 14px;
        border-top: 1px solid {t.line}; }}
    QScrollBar:vertical {{ background: {t.track}; width: {bar}px; margin: 0; }}
    QScrollBar:horizontal {{ background: {t.track}; height: {bar}px; margin: 0; }}
    QScrollBar::handle {{ background: {t.handle}; border-radius: {bar // 2 - 2}px;
        margin: 2px; }}
    QScrollBar::handle:vertical {{ min-height: {bar * 2}px; }}
    QScrollBar::handle:horizontal {{ min-width: {bar * 2}px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
    QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
    QToolTip {{ background: {t.paper}; color: {t.ink}; border: 1px solid {t.line}; }}
    QFrame#idleWarning {{ background: rgba(0, 0, 0, 190); }}
    QFrame#idleCard {{ background: {t.note}; border: 3px solid {t.line}; border-radius: 16px; }}
    QFrame#idleCard QLabel {{ background: {t.note}; }}
    QLabel#idleTitle {{ font-size: {idle_pt * 2.2:.1f}pt; font-weight: bold; }}
    QLabel#idleCountdown {{ font-size: {idle_pt * 5:.1f}pt; font-weight: bold; }}
    QLabel#idleText {{ font-size: {idle_pt * 1.25:.1f}pt; }}
    QPushButton#idleContinue {{ font-size: {idle_pt * 1.6:.1f}pt; font-weight: bold;
        min-height: {target * 2}px; padding: 8px 32px; }}
    """


def document_style_sheet(theme: Theme = LIGHT, bullet_gap: float = 0.0) -> str:
    """CSS for the HTML the reader shows (QTextDocument's subset of CSS). `bullet_gap`:
    the width of the spaces the reader puts after each bullet; the first line hangs
    back by as much, so every line of an item starts at the same place."""
    t = theme
    return f"""
    body {{ color: {t.ink}; }}
    p, li {{ line-height: 135%; }}
    li {{ margin-bottom: 4px; text-indent: -{bullet_gap:.2f}px; }}
    h1 {{ font-size: x-large; margin-bottom: 4px; }}
    h2 {{ font-size: large; margin-top: 18px; }}
    a {{ color: {t.link}; }}
    a.glossary {{ color: {t.glossary}; }}
    p.summary {{ color: {t.muted}; font-size: large; }}
    p.meta, span.muted {{ color: {t.muted}; }}
    .note {{ background-color: {t.note}; }}
    """


def palette_for(theme: Theme, base: QPalette) -> QPalette:
    """Qt's palette in the theme's colours, for what the style sheet does not reach:
    dialogs, the default selection, placeholders and links (visited ones never purple)."""
    palette = QPalette(base)
    roles = QPalette.ColorRole
    colours = {
        roles.Window: theme.paper, roles.Base: theme.paper, roles.AlternateBase: theme.tile,
        roles.WindowText: theme.ink, roles.Text: theme.ink, roles.ButtonText: theme.ink,
        roles.Button: theme.tile, roles.BrightText: theme.ink,
        roles.Highlight: theme.accent, roles.HighlightedText: theme.accent_ink,
        roles.PlaceholderText: theme.placeholder, roles.Link: theme.link,
        roles.LinkVisited: theme.link, roles.ToolTipBase: theme.paper,
        roles.ToolTipText: theme.ink, roles.Light: theme.tile, roles.Midlight: theme.tile,
        roles.Mid: theme.line, roles.Dark: theme.line, roles.Shadow: theme.line,
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.disabled_ink))
    return palette


def apply_theme(app: QApplication, theme: Theme) -> None:
    """The theme's palette on the whole application (dialogs and popups too)."""
    app.setPalette(palette_for(theme, app.palette()))


def apply(app: QApplication, scale: float = 1.0, theme: Theme | None = None) -> None:
    """The font, and the paper every page is drawn on. The paper is in the palette, not a
    style sheet background on every QWidget: with that rule Qt keeps some memory for each
    widget shown in a scrolling page and never frees it (5 MB per 1,000 kiosk sessions)."""
    app.setFont(application_font(scale))
    apply_theme(app, theme or resolve_theme(SYSTEM))
