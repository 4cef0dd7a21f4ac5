"""The Slack bot: `create_app()` in `app.py`, listeners by Slack surface under `listeners/`."""
