"""Light and dark palettes, and the few colours the app draws itself (severities, code classes).

``--theme system`` keeps the platform's style and palette and only picks matching accent colours;
``light``/``dark`` use Fusion with the palettes below, so both are readable on any platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colours:
    dark: bool
    success: str
    transient: str
    permanent: str
    unknown: str
    success_bg: str
    transient_bg: str
    permanent_bg: str
    unknown_bg: str
    muted: str
    warning: str

    def severity_fg(self, severity: str) -> str:
        return getattr(self, severity, self.unknown)

    def severity_bg(self, severity: str) -> str:
        return getattr(self, f"{severity}_bg", self.unknown_bg)

    def code_fg(self, code: str) -> str:
        return {"2": self.success, "4": self.transient, "5": self.permanent}.get(code[:1], self.unknown)


LIGHT = Colours(
    dark=False,
    success="#1a7f37",
    transient="#9a6700",
    permanent="#cf222e",
    unknown="#57606a",
    success_bg="#dafbe1",
    transient_bg="#fff8c5",
    permanent_bg="#ffebe9",
    unknown_bg="#eaeef2",
    muted="#57606a",
    warning="#9a6700",
)
DARK = Colours(
    dark=True,
    success="#56d364",
    transient="#e3b341",
    permanent="#ff7b72",
    unknown="#a8b1bb",
    success_bg="#12361d",
    transient_bg="#3b2e0a",
    permanent_bg="#4a1714",
    unknown_bg="#2d333b",
    muted="#a8b1bb",
    warning="#e3b341",
)


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        base, window, text, button, mid = "#1e2228", "#262b32", "#e6edf3", "#2f353d", "#3d444d"
        highlight, hl_text, link = "#2f81f7", "#ffffff", "#79c0ff"
        disabled = "#7d8590"
    else:
        base, window, text, button, mid = "#ffffff", "#f3f4f6", "#1f2328", "#e9ebee", "#c9ced4"
        highlight, hl_text, link = "#0969da", "#ffffff", "#0550ae"
        disabled = "#8c959f"
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: window,
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: "#ff0000",
        QPalette.ColorRole.Light: mid,
        QPalette.ColorRole.Midlight: mid,
        QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.Dark: "#101317" if dark else "#9aa3ad",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: hl_text,
        QPalette.ColorRole.Link: link,
        QPalette.ColorRole.LinkVisited: link,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


_current = LIGHT


def colours() -> Colours:
    return _current


def fonts_draw_control_pictures() -> bool:
    """Whether an installed font has the U+2400 control pictures (else they would be boxes)."""
    from PySide6.QtGui import QFont, QFontDatabase, QRawFont  # asked once, on the first control character

    return any(QRawFont.fromFont(QFont(f)).supportsCharacter(0x2400) for f in QFontDatabase.families())


def system_is_dark(app: QGuiApplication) -> bool:
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(app: QGuiApplication, theme: str) -> Colours:
    """Apply ``system``, ``light`` or ``dark``; returns the accent colours to use."""
    global _current
    if theme in ("light", "dark"):
        if isinstance(app, QApplication):
            app.setStyle("Fusion")
        app.setPalette(_palette(theme == "dark"))
        _current = DARK if theme == "dark" else LIGHT
    else:
        _current = DARK if system_is_dark(app) else LIGHT
    return _current
