"""Application start-up (placeholder window until the desktop UI lands)."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = QMainWindow()
    win.setWindowTitle("Bounce Inspector")
    win.setCentralWidget(QLabel("Bounce Inspector"))
    win.resize(1280, 800)
    if args.screenshot:
        win.show()
        app.processEvents()
        return 0 if win.grab().save(args.screenshot) else 1
    win.show()
    return app.exec()
