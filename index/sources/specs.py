"""The `[[source]]` tables of a sources file, one pydantic model per source type."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from index.models import CANONICAL_FIELDS
from index.sources.base import Source
from index.sources.http import HttpSettings

SOURCE_TYPES = ("hugo", "markdown", "greenhouse", "lever", "recruitee")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1)
    language: str | None = Field(default=None, min_length=2)

    def resolve_paths(self, folder: Path) -> None:
        """Make relative paths relative to the sources file's folder."""

    def default_name(self) -> str:
        raise NotImplementedError


class HugoSpec(_Spec):
    type: Literal["hugo"]
    path: Path
    sections: list[str] | None = None
    base_url: str | None = None

    def resolve_paths(self, folder: Path) -> None:
        self.path = (folder / self.path).resolve()

    def default_name(self) -> str:
        return self.path.name

    def create(self, *, cache_dir: Path | None) -> Source:
        from index.sources.config import DEFAULT_SECTIONS
        from index.sources.hugo import HugoSource

        return HugoSource(
            self.path,
            sections=tuple(self.sections or DEFAULT_SECTIONS),
            base_url=self.base_url,
            name=self.name,
        )


class MarkdownSpec(_Spec):
    type: Literal["markdown"]
    path: Path
    glob: str | list[str] = Field(default_factory=lambda: ["**/*.md", "**/*.mdx", "**/*.markdown"])
    url: str | None = None  # template: {field} from front matter, {stem}, {slug}
    base_url: str | None = None  # used with front-matter permalink/path/url when `url` is unset
    fields: dict[str, str] = Field(default_factory=dict)  # canonical name → front-matter key
    date_format: str | None = None
    open_when: dict[str, list[str]] = Field(default_factory=dict)
    expired_glob: str | list[str] | None = None
    include_drafts: bool = False
    anchor_style: str = "github"

    @field_validator("fields")
    @classmethod
    def _canonical_names(cls, fields: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(fields) - set(CANONICAL_FIELDS))
        if unknown:
            known = ", ".join(CANONICAL_FIELDS)
            raise ValueError(f"unknown canonical field(s) {', '.join(unknown)} (known: {known})")
        return fields

    @field_validator("open_when", mode="before")
    @classmethod
    def _listify(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: v if isinstance(v, list) else [v] for k, v in value.items()}
        return value

    @field_validator("url")
    @classmethod
    def _absolute_template(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(("http://", "https://", "{")):
            raise ValueError("must be an absolute URL template such as https://example.com/{slug}/")
        return url

    def resolve_paths(self, folder: Path) -> None:
        self.path = (folder / self.path).resolve()

    def default_name(self) -> str:
        return self.path.name

    def create(self, *, cache_dir: Path | None) -> Source:
        from index.sources.markdown import MarkdownSource

        if self.url is None and self.base_url is None:
            from index.errors import ConfigError

            raise ConfigError(f"markdown source {self.default_name()!r}: set `url` or `base_url`")
        return MarkdownSource(self)


class _BoardSpec(_Spec):
    timeout: float = Field(default=15.0, gt=0)
    attempts: int = Field(default=4, ge=1, le=10)
    backoff: float = Field(default=0.5, ge=0)  # seconds before the first retry; doubles each time
    anchor_style: str | None = None  # ATS pages rarely have heading ids: cite the page by default

    def http_settings(self) -> HttpSettings:
        return HttpSettings(
            timeout=self.timeout, attempts=self.attempts, backoff_initial=self.backoff
        )


class GreenhouseSpec(_BoardSpec):
    type: Literal["greenhouse"]
    board: str = Field(min_length=1)
    base_url: str = "https://boards-api.greenhouse.io"

    def default_name(self) -> str:
        return self.board

    def create(self, *, cache_dir: Path | None) -> Source:
        from index.sources.greenhouse import GreenhouseSource

        return GreenhouseSource.from_spec(self, cache_dir=cache_dir)


class LeverSpec(_BoardSpec):
    type: Literal["lever"]
    site: str = Field(min_length=1)
    base_url: str = "https://api.lever.co"
    page_size: int = Field(default=100, ge=1, le=1000)

    def default_name(self) -> str:
        return self.site

    def create(self, *, cache_dir: Path | None) -> Source:
        from index.sources.lever import LeverSource

        return LeverSource.from_spec(self, cache_dir=cache_dir)


class RecruiteeSpec(_BoardSpec):
    type: Literal["recruitee"]
    base_url: str

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        if not urlsplit(url).netloc:
            raise ValueError("must be the careers site's URL, e.g. https://acme.recruitee.com")
        return url

    def default_name(self) -> str:
        host = urlsplit(self.base_url).hostname or self.base_url
        return host.split(".")[0] if host.endswith(".recruitee.com") else host

    def create(self, *, cache_dir: Path | None) -> Source:
        from index.sources.recruitee import RecruiteeSource

        return RecruiteeSource.from_spec(self, cache_dir=cache_dir)


SourceSpec = Annotated[
    HugoSpec | MarkdownSpec | GreenhouseSpec | LeverSpec | RecruiteeSpec,
    Field(discriminator="type"),
]
BoardSpec = GreenhouseSpec | LeverSpec | RecruiteeSpec
