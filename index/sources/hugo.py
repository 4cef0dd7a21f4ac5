"""A Hugo site as a source of postings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from index.hugo.parse_cache import IncrementalRead
from index.hugo.site import DEFAULT_SECTIONS, read_hugo_site, read_hugo_site_incremental
from index.models import ReadResult


class HugoSource:
    """The postings of one Hugo site folder; `name` defaults to the folder name."""

    def __init__(
        self,
        path: Path,
        *,
        sections: Sequence[str] = DEFAULT_SECTIONS,
        base_url: str | None = None,
        name: str | None = None,
    ):
        self.path = Path(path)
        self.sections = tuple(sections)
        self.base_url = base_url
        self.name = name or self.path.resolve().name

    def read(self) -> ReadResult:
        return read_hugo_site(
            self.path, sections=self.sections, base_url=self.base_url, name=self.name
        )

    def read_incremental(self, cache_file: Path) -> IncrementalRead:
        """A read through the parse cache in `cache_file`: unchanged files are not parsed, and
        their postings stay unloaded (`unchanged`) until a build needs them."""
        return read_hugo_site_incremental(
            self.path, cache_file, sections=self.sections, base_url=self.base_url, name=self.name
        )
