"""A Hugo site holding every bad input real sites have, next to good postings, built in code.

`write_bad_site(root)` writes it and returns what each file must give: `skipped` files with a
fragment of the reason their warning must carry, `indexed` ones (odd but fine: empty front-matter
values, odd names, a shortcode left open) by title. Reproducible: no files from outside the tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SECTION = "content/careers"
HARBOUR_PILOT = """---
title: Harbour Pilot
date: 2026-03-01
location: Gothenburg
---

## About the role

You will guide container ships into the harbour at night.

## Salary

The salary for the Harbour Pilot is 48 000 SEK per month.
"""
KELP_DIVER = """---
title: Kelp Diver
date: 2026-03-02
---

You will inspect the kelp lines under water every morning.
"""
EMPTY_VALUES = """---
title: {title}
description: ""
date: ""
publishDate: ""
expiryDate: ""
draft: ""
slug: ""
url: ""
location:
tags: []
params: {{}}
translationKey: ""
---

You will {duty}.
"""
HUGE_FILE_BYTES = 6 * 1024 * 1024  # over the reader's 5 MB limit; written sparse, never read


@dataclass
class BadSite:
    root: Path
    skipped: dict[str, str] = field(default_factory=dict)  # file → fragment of its reason
    indexed: dict[str, str] = field(default_factory=dict)  # file → title of its posting
    warned: dict[str, str] = field(default_factory=dict)  # indexed, with a warning: → fragment

    def path(self, name: str) -> Path:
        return self.root / SECTION / name


def write_bad_site(root: Path) -> BadSite:
    """Write the site under `root` (which must not exist yet) and say what each file gives."""
    site = BadSite(root)
    (root / SECTION).mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://jobs.example.net/"\n', encoding="utf-8")
    _good(site)
    _empty_values(site)
    _broken_files(site)
    _links(site)
    _odd_names(site)
    _unreadable(site)
    return site


def _write(site: BadSite, name: str, content: str | bytes) -> Path:
    path = site.path(name)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _good(site: BadSite) -> None:
    _write(site, "harbour-pilot.md", HARBOUR_PILOT)
    _write(site, "kelp-diver.md", KELP_DIVER)
    site.indexed |= {"harbour-pilot.md": "Harbour Pilot", "kelp-diver.md": "Kelp Diver"}


def _empty_values(site: BadSite) -> None:
    """`description: ""` and every other field empty: the posting is indexed all the same."""
    text = EMPTY_VALUES.format(title="Crane Operator", duty="operate the harbour cranes")
    _write(site, "empty-values.md", text)
    site.indexed["empty-values.md"] = "Crane Operator"
    site.skipped["empty-title.md"] = "missing title"
    _write(site, "empty-title.md", '---\ntitle: ""\n---\nA posting without a name.\n')
    site.skipped["null-title.md"] = "missing title"
    _write(site, "null-title.md", "---\ntitle:\n---\nA posting without a name.\n")


def _broken_files(site: BadSite) -> None:
    broken = {
        "broken-yaml.md": ("---\ntitle: [unclosed\n---\nText.\n", "invalid YAML"),
        "broken-toml.md": ('+++\ntitle = "open\n+++\nText.\n', "invalid TOML"),
        "broken-json.md": ('{"title": "open",\n\nText.\n', "invalid JSON"),
        "never-closed.md": ("---\ntitle: Open\nText.\n", "never closed"),
        "a-list.md": ("---\n- one\n- two\n---\nText.\n", "not a mapping"),
        "empty.md": ("", "empty file"),
        "blank.md": (" \n\n\t\n", "empty file"),
        "latin1.md": ("---\ntitle: Söker\n---\nText.\n".encode("latin-1"), "not valid UTF-8"),
    }
    for name, (content, reason) in broken.items():
        _write(site, name, content)
        site.skipped[name] = reason
    with site.path("huge.md").open("wb") as handle:
        handle.truncate(HUGE_FILE_BYTES)
    site.skipped["huge.md"] = "too large"
    _write(site, "open-shortcode.md", "---\ntitle: Deckhand\n---\n{{< ingress >}}\nRopes.\n")
    site.indexed["open-shortcode.md"] = "Deckhand"
    site.warned["open-shortcode.md"] = "unclosed shortcode"


def _links(site: BadSite) -> None:
    """A file link loop, a dangling link, and folder links that lead back up (never followed)."""
    os.symlink("loop-b.md", site.path("loop-a.md"))
    os.symlink("loop-a.md", site.path("loop-b.md"))
    os.symlink("self-loop.md", site.path("self-loop.md"))
    os.symlink("no-such-posting.md", site.path("dangling.md"))
    site.skipped |= {name: "symbolic link loop" for name in ("loop-a.md", "loop-b.md")}
    site.skipped["self-loop.md"] = "symbolic link loop"
    site.skipped["dangling.md"] = "dangling symbolic link"
    nested = site.path("nested")
    nested.mkdir()
    os.symlink("..", nested / "up")
    os.symlink(str(site.root / "content"), nested / "content-again")
    os.symlink("down", nested / "down")  # a folder link to itself


def _odd_names(site: BadSite) -> None:
    odd = {
        "with space.md": "Rope Maker",
        "ünïcødé jöb ☃.md": "Net Mender",
        ".hidden.md": "Lighthouse Keeper",
        "-leading-dash.md": "Dock Worker",
        "--.md": "Tug Skipper",
    }
    for name, title in odd.items():
        _write(site, name, f"---\ntitle: {title}\n---\nYou will work as a {title.lower()}.\n")
    site.indexed |= odd
    not_utf8 = os.fsencode(site.path("")) + b"/caf\xe9-job.md"
    with open(not_utf8, "wb") as handle:
        handle.write(b"---\ntitle: Barista\n---\nCoffee on board.\n")
    site.skipped["caf\\xe9-job.md"] = "file name is not valid UTF-8"  # as it is shown
    site.path("folder.md").mkdir()  # a folder with a posting's name is no posting


def _unreadable(site: BadSite) -> None:
    """A file nobody may read; the superuser reads it all the same (then it is indexed)."""
    path = _write(site, "locked.md", "---\ntitle: Purser\n---\nYou keep the ship's accounts.\n")
    path.chmod(0)
    if os.access(path, os.R_OK):
        site.indexed["locked.md"] = "Purser"
    else:
        site.skipped["locked.md"] = "Permission denied"


def remove_bad_site(site: BadSite) -> None:
    """Make every file removable again (a test's tmp folder is cleaned up after it)."""
    for path in (site.root / SECTION).iterdir():
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
