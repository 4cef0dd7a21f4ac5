"""Splits a content file into front matter (YAML, TOML or JSON) and body."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

from index.skips import SkipFile


class FrontMatterError(SkipFile, ValueError):
    """Front matter that does not parse."""


@dataclass
class ContentFile:
    front_matter: dict[str, Any]  # keys lower-cased (Hugo matches them case-insensitively)
    body: str


def lower_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Keys lower-cased, recursively; of keys differing only in case the first one wins."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        lowered = str(key).lower()
        if lowered not in out:
            out[lowered] = lower_keys(value) if isinstance(value, dict) else value
    return out


def _split_delimited(text: str, delimiter: str) -> tuple[str, str] | None:
    lines = text.split("\n")
    if lines[0].rstrip() != delimiter:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() == delimiter:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    raise FrontMatterError(f"front matter opened with {delimiter} is never closed")


def _parse_yaml(raw: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as error:
        raise FrontMatterError(f"invalid YAML front matter: {_first_line(error)}") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values")
    return data


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200]


def _parse_json_block(text: str) -> tuple[dict[str, Any], str]:
    decoder = json.JSONDecoder()
    try:
        data, end = decoder.raw_decode(text)
    except json.JSONDecodeError as error:
        raise FrontMatterError(f"invalid JSON front matter: {error}") from error
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values")
    return data, text[end:]


def parse_content_file(text: str) -> ContentFile:
    """Front matter and body of a content file; files without front matter have an empty one."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if (yaml_parts := _split_delimited(text, "---")) is not None:
        return ContentFile(lower_keys(_parse_yaml(yaml_parts[0])), yaml_parts[1])
    if (toml_parts := _split_delimited(text, "+++")) is not None:
        try:
            data = tomllib.loads(toml_parts[0])
        except tomllib.TOMLDecodeError as error:
            raise FrontMatterError(f"invalid TOML front matter: {error}") from error
        return ContentFile(lower_keys(data), toml_parts[1])
    if text.lstrip().startswith("{"):
        data, body = _parse_json_block(text.lstrip())
        return ContentFile(lower_keys(data), body)
    return ContentFile({}, text)
