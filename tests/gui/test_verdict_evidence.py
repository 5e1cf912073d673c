"""The window shows why a verdict was given, and which meaning of a code applies (issue 14)."""

from __future__ import annotations

from pathlib import Path


def test_why_line_under_the_banner_and_the_provider_entry_in_the_reference(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    win.open_files([str(corpus / "eml" / "rhost-google-01.eml")])
    banner = win.banner.plain()
    assert "Why: (high confidence): known provider reply google-5.2.1-disabled" in banner
    assert "Google's own meaning of 5.2.1 applies to this message" in banner
    detail = win.reference.detail.toPlainText()
    assert "Gmail: account disabled" in detail  # the provider's reading, not only the registry's title
    assert win.reference.model.rowCount() > 1  # the code's entries are listed (the index is ready here)
    assert "Gmail: account disabled" in str(win.reference.results.currentIndex().data())  # its line picked


def test_a_verdict_from_the_code_alone_says_so(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    sync_window.open_files([str(corpus / "eml" / "lhost-postfix-04.eml")])
    banner = sync_window.banner.plain()
    assert "Why: (medium confidence): status 5.1.1" in banner
    assert "Mail server: Postfix" in banner or "Postfix" in banner
