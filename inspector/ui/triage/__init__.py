"""The Triage view: a whole mailbox as a table of failed recipients (see inspector.core.triage)."""
