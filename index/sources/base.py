"""The one interface every source of postings implements."""

from __future__ import annotations

from typing import Protocol

from index.models import ReadResult


class Source(Protocol):
    """Reads postings. `name` is unique within an index (postings' `site`)."""

    name: str

    def read(self) -> ReadResult:
        """Postings plus a warning per skipped file.

        Raises `index.errors.SourceFetchError` when the whole source is unavailable; the build
        then keeps that source's last good postings.
        """
        ...
