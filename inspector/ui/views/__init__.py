"""The main window's panes: summary banner, detail pane."""
