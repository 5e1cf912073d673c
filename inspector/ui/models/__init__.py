"""Qt item models over the core's data (read-only)."""
