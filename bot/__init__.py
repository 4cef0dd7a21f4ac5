"""Turns a question (and its thread) into an answer, and renders it for Slack and the terminal."""
