"""Pruning: Qt parts an English-only widgets app never loads (translations, plugins outside
:data:`KEEP_PLUGINS`), then every shared library nothing left in the bundle links to."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.bundle.paths import executable

# Qt plugins kept, by plugin folder: None keeps the whole folder, a tuple keeps the plugins whose
# file name contains one of the words. Folders not named here are removed.
KEEP_PLUGINS: dict[str, tuple[str, ...] | None] = {
    # offscreen/minimal for headless runs, xcb and wayland on Linux desktops, and the native ones.
    "platforms": ("offscreen", "minimal.", "minimal.dll", "xcb", "wayland", "qwindows", "cocoa"),
    # png is built into QtGui; the icon is SVG; ico/jpeg/gif can appear in pasted or attached mail.
    "imageformats": ("svg", "ico", "jpeg", "gif"),
    "iconengines": None,  # the SVG icon engine
    # Native file dialogs through xdg-desktop-portal. Not gtk3: it drags in a second copy of GTK's
    # libraries (cairo, pango, glib) that clashes with the system GTK it loads at run time.
    "platformthemes": ("xdgdesktopportal", "qwindows", "cocoa"),
    "platforminputcontexts": ("compose", "ibus"),  # not the virtual keyboard: it needs Qt Quick
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
    "styles": None,  # Windows/macOS native styles
}


def _qt_dir(bundle: Path) -> Path | None:
    hits = sorted(bundle.rglob("PySide6/Qt"))
    return hits[0] if hits else None


def _is_library(path: Path) -> bool:
    name = path.name
    return path.is_file() and (name.endswith((".so", ".dll", ".dylib", ".pyd")) or ".so." in name)


def _remove(path: Path) -> int:
    """Delete a file or folder; returns the bytes freed."""
    if not path.exists() and not path.is_symlink():
        return 0
    if path.is_symlink() or path.is_file():
        size = 0 if path.is_symlink() else path.stat().st_size
        path.unlink()
        return size
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    shutil.rmtree(path)
    return size


def prune(bundle: Path) -> int:
    """Remove Qt translations, unused plugins and the Qt libraries left unused; returns bytes freed."""
    qt = _qt_dir(bundle)
    if qt is None:
        return 0
    freed = 0
    for folder in ("translations", "qml", "libexec", "resources/qtwebengine_devtools_resources.pak"):
        if (qt / folder).exists():
            freed += _remove(qt / folder)
    plugins = qt / "plugins"
    if plugins.is_dir():
        for folder in sorted(plugins.iterdir()):
            keep = KEEP_PLUGINS.get(folder.name, ())
            if keep is None:
                continue
            if keep == ():
                freed += _remove(folder)
                continue
            for plugin in sorted(folder.iterdir()):
                if not any(word in plugin.name for word in keep):
                    freed += _remove(plugin)
    freed += _prune_unreferenced_libraries(bundle)
    return freed


def _linked_names(path: Path) -> set[str]:
    from PyInstaller.depend.bindepend import get_imports

    try:
        return {Path(name).name for name, _full in get_imports(str(path))}
    except Exception:  # noqa: BLE001 - an unreadable binary keeps everything it might need
        return {"*"}


def _is_shared_library(path: Path) -> bool:
    """A plain shared library (Qt's or the system's), not a Python extension module or Qt plugin."""
    name = path.name
    if "plugins" in path.parts or ".cpython-" in name or name.endswith((".abi3.so", ".pyd")):
        return False
    return name.endswith((".dll", ".dylib")) or (name.startswith("lib") and (".so." in name or name.endswith(".so")))


def _prune_unreferenced_libraries(bundle: Path) -> int:
    """Shared libraries that nothing left in the bundle links to, directly or indirectly: the ones
    only the pruned plugins needed (Qt Quick/Qml/Pdf, GTK's cairo/pango, OpenSSL, ...).

    The roots are the executable, Python's own library (the bootloader opens it by name), extension
    modules and the plugins kept. Links PyInstaller makes beside them stand for their targets.
    """
    entries = [p for p in bundle.rglob("*") if p.is_symlink() or p.is_file()]
    libraries = {p.name: p for p in entries if not p.is_symlink() and _is_shared_library(p)}
    links = {p.name: p for p in entries if p.is_symlink()}
    roots = [p for p in entries if not p.is_symlink() and _is_library(p) and p.name not in libraries]
    roots += [p for name, p in libraries.items() if name.lower().startswith(("libpython", "python"))]
    roots.append(executable(bundle))
    needed: set[str] = set()
    todo = list(roots)
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        names = _linked_names(path)
        if "*" in names:
            return 0
        for name in names:
            target = libraries.get(name) or (links[name].resolve() if name in links else None)
            if target is not None and target.name in libraries and target.name not in needed:
                needed.add(target.name)
                todo.append(target)
    freed = 0
    for name, path in sorted(libraries.items()):
        if name not in needed and path not in roots:
            freed += _remove(path)
    for link in links.values():
        if not link.exists():  # its target was just removed
            link.unlink()
    return freed
