"""Project tools that are not part of the app (see tools/bundle)."""
