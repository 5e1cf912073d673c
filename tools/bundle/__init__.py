"""Building and checking the standalone bundle (the command is ``build_app.py``).

How the bundle is made:

* ``PyInstaller.__main__.run`` with ``inspector/__main__.py`` as the entry script, one folder
  (a one-file bundle unpacks itself on every start: several times slower to open).
* ``resources/`` goes to ``<bundle>/_internal/resources`` (``sys._MEIPASS``), so
  :func:`inspector.resources.resource_path` finds it exactly as it does in a checkout.
* Modules that static analysis could miss are named: every ``inspector`` module, ``email`` (its
  submodules are imported lazily by name), ``encodings`` complete (mail may use any charset Python
  knows), ``platformdirs``. Package metadata of PySide6 is copied so ``--version`` can name it.
* Qt parts an English-only widgets app never loads are pruned after the build: translations, and
  plugins outside :data:`KEEP_PLUGINS`; then every shared library that nothing left in the bundle
  links to (Qt Quick/Qml/Pdf, GTK's cairo/pango, OpenSSL: dragged in by the pruned plugins).

``--check`` runs the frozen binary with a temporary profile and ``QT_QPA_PLATFORM=offscreen``:
``--version``; ``analyze --format jsonl`` over the shared corpus (when present beside the
checkout), the test fixtures, the bundled samples and one generated message per text codec Python
knows, compared with the same command from source (``parse_ms`` dropped); ``--screenshot`` of a
bundled sample launched as the .desktop entry launches it (a PNG unlike the empty window's); a
second launch with a file while the app runs hands the file to the running window. Any difference,
non-zero exit, or unexpected line on stderr fails the check.

Modules: :mod:`~tools.bundle.paths` (names and folders), :mod:`~tools.bundle.build`,
:mod:`~tools.bundle.prune`, :mod:`~tools.bundle.check`. Not part of the installed package
(``pyproject.toml`` installs ``inspector*`` only).
"""
