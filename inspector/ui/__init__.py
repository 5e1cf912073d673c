"""The Qt user interface. It only presents what :mod:`inspector.core` and
:mod:`inspector.reference` return; no mail logic lives here."""
