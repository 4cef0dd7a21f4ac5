"""Postings, chunks, embeddings and search. Knows nothing of Slack."""
