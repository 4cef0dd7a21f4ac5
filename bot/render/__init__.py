"""Renderers of an `Answer`: `terminal.py` (rich) and `blocks.py` (Slack Block Kit)."""
