"""Running the bot in production: health/readiness/metrics endpoint, JSON logs, index hot swap."""
