"""Locate files under the project's ``resources/`` folder, from source and from a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, in ``sys._MEIPASS`` when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_cache_dir() -> Path:
    """Where caches go: ``$BOUNCE_INSPECTOR_HOME/cache`` when that is set (tests, smoke runs),
    else the platformdirs user cache folder (``~/.cache/bounce-inspector`` on Linux)."""
    home = os.environ.get("BOUNCE_INSPECTOR_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir("bounce-inspector", appauthor=False))


def user_config_dir() -> Path:
    """Where the user's own files go (``rules.toml``): ``$BOUNCE_INSPECTOR_HOME/config`` when that is
    set, else the platformdirs user config folder (``~/.config/bounce-inspector`` on Linux); the
    same folder ``inspector.ui.settings.app_dirs`` gives the window."""
    home = os.environ.get("BOUNCE_INSPECTOR_HOME")
    if home:
        return Path(home).expanduser().resolve() / "config"
    return Path(platformdirs.user_config_dir("bounce-inspector", appauthor=False))
