"""Bounce Inspector: read SMTP bounces, find the failed recipients, their codes and what to do."""

__version__ = "0.1.0"
