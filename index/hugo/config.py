"""A Hugo site's config: what decides a page's public URL and language."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from index.errors import InputError
from index.hugo.frontmatter import lower_keys
from index.models import SkipWarning
from index.text.anchors import NO_ANCHORS

CONFIG_NAMES = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)


class SiteConfigError(ValueError):
    """A config file that exists but cannot be read."""

    def __init__(self, path: Path, reason: str):
        super().__init__(reason)
        self.path = path
        self.reason = reason


@dataclass
class Permalinks:
    page: dict[str, str] = field(default_factory=dict)  # section → pattern
    section: dict[str, str] = field(default_factory=dict)


@dataclass
class Language:
    code: str
    base_url: str | None = None
    permalinks: Permalinks = field(default_factory=Permalinks)
    content_dir: str | None = None


@dataclass
class ContentRoot:
    source: str  # folder relative to the site root, e.g. "content/sv"
    target: str  # where it lands in Hugo's content tree: "" or a sub-folder such as "compliance"
    language: str | None  # None: decided by file-name suffix or the default language


@dataclass
class SiteConfig:
    base_url: str | None = None
    default_language: str = "en"
    default_language_in_subdir: bool = False
    languages: dict[str, Language] = field(default_factory=dict)
    permalinks: Permalinks = field(default_factory=Permalinks)
    content_roots: list[ContentRoot] = field(default_factory=list)
    remove_path_accents: bool = False
    disable_path_to_lower: bool = False
    ugly_urls: bool = False
    disabled_languages: frozenset[str] = frozenset()
    anchor_style: str = "github"
    frontmatter_dates: dict[str, list[str]] = field(default_factory=dict)
    config_file: Path | None = None

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1


def find_config_file(site: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (site / name).is_file():
            return site / name
    for name in CONFIG_NAMES:
        if (site / "config" / "_default" / name).is_file():
            return site / "config" / "_default" / name
    return None


def _load_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        raise SiteConfigError(
            path, f"broken site config: {' '.join(str(error).split())}"
        ) from error
    if not isinstance(data, dict):
        raise SiteConfigError(path, "broken site config: not a mapping of settings")
    return lower_keys(data)


def _load_raw(path: Path) -> dict[str, Any]:
    data = _load_file(path)
    if path.parent.name == "_default":  # config/_default/languages.toml etc. hold one key each
        for extra in sorted(path.parent.iterdir()):
            if extra != path and extra.suffix in (".toml", ".yaml", ".yml", ".json"):
                data.setdefault(extra.stem.lower(), _load_file(extra))
    return data


def _permalinks(raw: Any) -> Permalinks:
    result = Permalinks()
    if not isinstance(raw, dict):
        return result
    for key, value in raw.items():
        if isinstance(value, str):
            result.page[key] = value  # the old flat form applies to pages
        elif isinstance(value, dict) and key in ("page", "section"):
            target = result.page if key == "page" else result.section
            target.update({k: v for k, v in value.items() if isinstance(v, str)})
    return result


def _merge(base: Permalinks, override: Permalinks) -> Permalinks:
    return Permalinks({**base.page, **override.page}, {**base.section, **override.section})


def _mount_languages(mount: dict[str, Any]) -> list[str]:
    if isinstance(mount.get("lang"), str):
        return [mount["lang"]]
    matrix = (mount.get("sites") or {}).get("matrix") or {}
    languages = matrix.get("languages") or []
    return [languages] if isinstance(languages, str) else [str(x) for x in languages]


def _content_roots(raw: dict[str, Any], languages: dict[str, Language]) -> list[ContentRoot]:
    mounts = ((raw.get("module") or {}).get("mounts")) or []
    roots: list[ContentRoot] = []
    for mount in mounts if isinstance(mounts, list) else []:
        target = str(mount.get("target", "")).strip("/") if isinstance(mount, dict) else ""
        if not (target == "content" or target.startswith("content/")):
            continue
        langs = _mount_languages(mount) or [None]
        source = str(mount.get("source", "")).strip("/")
        roots.append(ContentRoot(source, target.removeprefix("content").strip("/"), langs[0]))
    if roots:
        return roots
    default_dir = str(raw.get("contentdir") or "content").strip("/")
    roots = [
        ContentRoot(lang.content_dir.strip("/"), "", code)
        for code, lang in languages.items()
        if lang.content_dir
    ]
    if all(root.source != default_dir for root in roots):
        roots.append(ContentRoot(default_dir, "", None))
    return roots


def _languages(raw: dict[str, Any], top: Permalinks) -> dict[str, Language]:
    languages: dict[str, Language] = {}
    section = raw.get("languages")
    for code, settings in (section if isinstance(section, dict) else {}).items():
        settings = settings if isinstance(settings, dict) else {}
        params = settings.get("params") if isinstance(settings.get("params"), dict) else {}
        languages[code] = Language(
            code=code,
            base_url=settings.get("baseurl") or params.get("baseurl"),
            permalinks=_merge(top, _permalinks(settings.get("permalinks"))),
            content_dir=settings.get("contentdir"),
        )
    return languages


def _disabled_languages(raw: dict[str, Any]) -> frozenset[str]:
    listed = raw.get("disablelanguages") or []
    codes = {str(code).lower() for code in listed} if isinstance(listed, list) else set()
    section = raw.get("languages")
    for code, settings in (section if isinstance(section, dict) else {}).items():
        if isinstance(settings, dict) and settings.get("disabled") is True:
            codes.add(code)
    return frozenset(codes)


def _frontmatter_dates(raw: dict[str, Any]) -> dict[str, list[str]]:
    section = raw.get("frontmatter")
    if not isinstance(section, dict):
        return {}
    return {k: [str(x).lower() for x in v] for k, v in section.items() if isinstance(v, list)}


def _anchor_style(parser: dict[str, Any]) -> str:
    if parser.get("autoheadingid") is False:
        return NO_ANCHORS
    style = parser.get("autoidtype") or parser.get("autoheadingidtype") or "github"
    return str(style).lower()


def parse_site_config(raw: dict[str, Any], config_file: Path | None = None) -> SiteConfig:
    top = _permalinks(raw.get("permalinks"))
    languages = _languages(raw, top)
    parser = ((raw.get("markup") or {}).get("goldmark") or {}).get("parser") or {}
    return SiteConfig(
        base_url=raw.get("baseurl") or None,
        default_language=str(raw.get("defaultcontentlanguage") or "en").lower(),
        default_language_in_subdir=bool(raw.get("defaultcontentlanguageinsubdir", False)),
        languages=languages,
        permalinks=top,
        content_roots=_content_roots(raw, languages),
        remove_path_accents=bool(raw.get("removepathaccents", False)),
        disable_path_to_lower=bool(raw.get("disablepathtolower", False)),
        ugly_urls=raw.get("uglyurls") is True,
        disabled_languages=_disabled_languages(raw),
        anchor_style=_anchor_style(parser),
        frontmatter_dates=_frontmatter_dates(raw),
        config_file=config_file,
    )


def load_site_config(site: Path) -> SiteConfig | None:
    """The site's config, None when it has none; SiteConfigError when it can't be read."""
    path = find_config_file(site)
    if path is None:
        return None
    return parse_site_config(_load_raw(path), path)


def config_for_site(site: Path, base_url: str | None, warnings: list[SkipWarning]) -> SiteConfig:
    """The site's config; with a broken or missing one, `base_url` (a warning says why).
    Raises InputError when neither gives a base URL."""
    try:
        config = load_site_config(site)
    except SiteConfigError as error:
        if not base_url:
            raise InputError(str(error.path), error.reason) from error
        warnings.append(
            SkipWarning(site_relative(error.path, site), f"{error.reason}; using --base-url")
        )
        config = None
    if config is None:
        if not base_url:
            raise InputError(
                str(site), "no Hugo config (hugo.toml, config.toml, ...); pass a base URL"
            )
        config = SiteConfig(base_url=base_url)
        config.content_roots = [ContentRoot("content", "", None)]
    elif not config.base_url:
        config.base_url = base_url
        languages = config.languages.values()
        if not base_url and not (languages and all(lang.base_url for lang in languages)):
            reason = "the site config has no baseURL; pass a base URL"
            raise InputError(str(config.config_file), reason)
    return config


def site_relative(path: Path, site: Path) -> str:
    """`path` as the site names it (relative to the site folder, when it lies in it)."""
    try:
        return path.relative_to(site).as_posix()
    except ValueError:
        return path.as_posix()
