"""Colours, fonts and the style sheet, with text sizes computed from one text scale.

Every foreground/background pair the app draws text with is listed in TEXT_PAIRS, and a
test holds each to WCAG AA contrast (4.5:1).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.core.paths import fonts_dir

FONT_FAMILY = "Atkinson Hyperlegible"
BASE_POINT_SIZE = 12.0
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)

INK = "#1b1b1f"  # body text
MUTED = "#4a4a55"  # secondary text
PAPER = "#ffffff"  # page background
TILE = "#eef4fa"  # section tiles and cards
ACCENT = "#0b5394"  # buttons, links
ACCENT_INK = "#ffffff"  # text on accent
GLOSSARY = "#5b21b6"  # glossary links
NOTE = "#fff4d6"  # notes such as "due for review" and outside-link banners
FOCUS = "#b45309"  # keyboard focus ring
DISABLED_INK = "#5f6368"  # disabled button text (on PAPER)

TEXT_PAIRS: dict[str, tuple[str, str]] = {
    "body text": (INK, PAPER),
    "secondary text": (MUTED, PAPER),
    "tile text": (INK, TILE),
    "tile secondary text": (MUTED, TILE),
    "button text": (ACCENT_INK, ACCENT),
    "link": (ACCENT, PAPER),
    "glossary link": (GLOSSARY, PAPER),
    "note text": (INK, NOTE),
    "disabled button": (DISABLED_INK, PAPER),
}


def load_fonts() -> None:
    """Register the bundled font, so text looks the same on every machine, offline."""
    for path in sorted(fonts_dir().glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))


def application_font(scale: float) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    return font


def style_sheet(scale: float) -> str:
    """The app's style sheet for a text scale (1.0 = normal, 2.0 = 200%)."""
    pt = BASE_POINT_SIZE * scale
    return f"""
    QWidget {{ color: {INK}; font-size: {pt:.1f}pt; }}
    QLabel#pageTitle {{ font-size: {pt * 1.9:.1f}pt; font-weight: bold; }}
    QLabel#sectionTitle {{ font-size: {pt * 1.5:.1f}pt; font-weight: bold; }}
    QLabel#pageLead, QLabel#muted {{ color: {MUTED}; }}
    QLabel#cardTitle {{ font-size: {pt * 1.2:.1f}pt; font-weight: bold; background: transparent; }}
    QLabel#cardText {{ color: {MUTED}; background: transparent; }}
    /* every button keeps a 3 px border (focus only recolours it), so taking the focus
       never shrinks the room for the words */
    QPushButton, QToolButton {{
        background: {ACCENT}; color: {ACCENT_INK}; border: 3px solid {ACCENT};
        border-radius: 6px; padding: 5px 11px; min-height: 28px;
    }}
    QPushButton:checked {{ background: {PAPER}; color: {ACCENT}; }}
    QPushButton:disabled, QToolButton:disabled {{ background: {PAPER}; color: {DISABLED_INK};
        border: 1px solid {DISABLED_INK}; padding: 7px 13px; }}
    QPushButton:focus, QToolButton:focus, QLineEdit:focus, QListWidget:focus,
    QTextBrowser:focus {{ outline: none; border: 3px solid {FOCUS}; }}
    QPushButton#card {{ background: {TILE}; color: {INK}; border: 1px solid #c9d6e3;
        border-radius: 10px; padding: 14px; text-align: left; }}
    QPushButton#card:hover {{ border: 2px solid {ACCENT}; }}
    QPushButton#card:focus {{ border: 3px solid {FOCUS}; }}
    QCheckBox::indicator {{ width: 26px; height: 26px; border: 2px solid {MUTED};
        border-radius: 4px; background: {PAPER}; }}
    QCheckBox::indicator:checked {{ background: {ACCENT}; border-color: {ACCENT};
        image: none; }}
    QCheckBox:focus {{ outline: none; border: 3px solid {FOCUS}; border-radius: 4px; }}
    QLineEdit {{ border: 2px solid {MUTED}; border-radius: 6px; padding: 6px 10px;
        min-height: 28px; }}
    QFrame#note {{ background: {NOTE}; border-radius: 8px; }}
    QFrame#note QLabel {{ background: {NOTE}; }}
    QFrame#glossaryCard {{ background: {TILE}; border: 2px solid {GLOSSARY};
        border-radius: 10px; }}
    QFrame#glossaryCard QLabel {{ background: {TILE}; }}
    QFrame#topBar {{ background: {PAPER}; border-bottom: 1px solid #c9d6e3; }}
    QScrollBar {{ background: {PAPER}; }}
    QListWidget {{ border: 1px solid #c9d6e3; }}
    QListWidget::item, QTreeWidget::item {{ padding: 4px; min-height: 36px; }}
    QLabel#footer {{ color: {MUTED}; background: {PAPER}; padding: 6px 14px;
        border-top: 1px solid #c9d6e3; }}
    QListWidget::item:selected {{ background: {ACCENT}; color: {ACCENT_INK}; }}
    """


def document_style_sheet() -> str:
    """CSS for the HTML the reader shows (QTextDocument's subset of CSS)."""
    return f"""
    body {{ color: {INK}; }}
    p, li {{ line-height: 135%; }}
    h1 {{ font-size: x-large; margin-bottom: 4px; }}
    h2 {{ font-size: large; margin-top: 18px; }}
    a {{ color: {ACCENT}; }}
    a.glossary {{ color: {GLOSSARY}; }}
    p.summary {{ color: {MUTED}; font-size: large; }}
    p.meta {{ color: {MUTED}; }}
    .note {{ background-color: {NOTE}; }}
    """


def apply(app: QApplication, scale: float = 1.0) -> None:
    """The font, and the paper every page is drawn on. The paper is in the palette, not a
    style sheet background on every QWidget: with that rule Qt keeps some memory for each
    widget shown in a scrolling page and never frees it (5 MB per 1,000 kiosk sessions)."""
    app.setFont(application_font(scale))
    palette = app.palette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor(PAPER))
    app.setPalette(palette)
