"""Reusable widgets: code highlighting text views, the paste box, the reference panel."""
