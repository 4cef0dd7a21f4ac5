"""The open roles of an index, for the App Home tab and `/jobs` without a question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VISIBLE_TO_EVERYONE = frozenset({"published"})


@dataclass(frozen=True)
class Role:
    uid: str
    title: str
    url: str
    location: str = ""
    team: str = ""
    published: str = ""
    apply_url: str = ""
    visibility: str = "published"
    language: str = ""


def open_roles(index: Any, *, include_drafts: bool = False) -> list[Role]:
    """One role per posting (translations grouped, English preferred), newest first."""
    chosen: dict[str, Role] = {}
    for uid, meta in index.postings.items():
        visibility = str(getattr(meta, "visibility", "published"))
        if getattr(meta, "is_section_page", False):
            continue
        if not include_drafts and visibility not in VISIBLE_TO_EVERYONE:
            continue
        role = _role_of(uid, meta, visibility)
        group = getattr(meta, "translation_key", "") or uid
        if group not in chosen or _prefer(role, chosen[group]):
            chosen[group] = role
    return sorted(chosen.values(), key=lambda role: (role.published, role.title), reverse=True)


def _role_of(uid: str, meta: Any, visibility: str) -> Role:
    fields = dict(getattr(meta, "fields", {}) or {})
    return Role(
        uid=uid,
        title=str(meta.title),
        url=str(meta.url),
        location=fields.get("location", ""),
        team=fields.get("team", ""),
        published=fields.get("date", "")[:10],
        apply_url=fields.get("apply_url", ""),
        visibility=visibility,
        language=str(getattr(meta, "language", "")),
    )


def _prefer(candidate: Role, current: Role) -> bool:
    """Among translations, show the English one (the lingua franca of most workspaces)."""
    return candidate.language == "en" and current.language != "en"


def index_version(index: Any) -> str:
    """Changes whenever a new index is loaded: the App Home is republished then."""
    manifest = getattr(index, "manifest", None) or {}
    generation = getattr(index, "generation", "") or manifest.get("built_at", "")
    return str(generation or id(index))
