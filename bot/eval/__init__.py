"""Measuring the answers: QA sets answered per corpus, scored, and the tuning fitted on them."""
