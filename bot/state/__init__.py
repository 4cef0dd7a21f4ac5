"""Shared state of a running bot: deduplication, feedback."""
