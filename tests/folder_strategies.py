"""Hypothesis strategies for folders of odd files: link loops, dangling links, unreadable files,
bytes that are not UTF-8, odd names, folders and pipes with a posting's name."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import strategies as st
from reader_strategies import GOOD, SECTION, Page, pages

# -- folders ---------------------------------------------------------------------------------

NAME_CHARACTERS = "abcxyz019 _-'\"#%&()[]{}~+,;=@!$ äöüßåÅ漢字🙂\u200b\u0301\t"
names = st.builds(
    lambda prefix, core: f"{prefix}{core}.md",
    st.sampled_from(["", ".", "-", "--", " ", "_", "#", "~"]),
    st.text(alphabet=NAME_CHARACTERS, min_size=1, max_size=30).filter(
        lambda core: core.strip(". ") and core.split(".")[0] not in ("index",)
    ),
).filter(lambda name: name.split(".")[0] != "index" and len(name.encode()) < 200)
KINDS = [
    "page",
    "page",
    "page",
    "link loop",
    "self link",
    "dangling link",
    "unreadable",
    "not utf-8",
    "not utf-8 name",
    "empty",
    "too large",
    "folder link loop",
    "folder named .md",
    "fifo",
    "in a subfolder",
]
NOT_FILES = {"folder link loop", "folder named .md", "fifo"}  # nothing to report: no posting
MAX_BYTES = 64 * 1024  # the reader's limit in these tests, so "too large" costs nothing
entries = st.lists(
    st.tuples(names, st.sampled_from(KINDS), pages()), max_size=8, unique_by=lambda e: e[0]
)


def write_folder(
    folder: Path, chosen: list[tuple[str, str, Page]], max_bytes: int = MAX_BYTES
) -> dict[str, Page | None]:
    """Write the entries into `folder`; per file a reader must account for: its page (None when
    it can't be a posting)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Page | None] = {}
    for name, kind, page in chosen:
        path = folder / name
        if kind in ("page", "unreadable", "in a subfolder"):
            if kind == "in a subfolder":
                path.parent.joinpath("sub").mkdir(exist_ok=True)
                path, name = folder / "sub" / name, f"sub/{name}"
            path.write_text(page.text, encoding="utf-8")
            if kind == "unreadable":
                path.chmod(0)
            readable = kind != "unreadable" or os.access(path, os.R_OK)
            fits = len(page.text.encode()) <= max_bytes
            expected[name] = page if readable and fits else None
            continue
        expected[name] = None
        if kind == "link loop":
            os.symlink(f"{name}.other", path)
            os.symlink(name, folder / f"{name}.other")
        elif kind == "self link":
            os.symlink(name, path)
        elif kind == "dangling link":
            os.symlink("nothing-here.md", path)
        elif kind == "not utf-8":
            path.write_bytes(page.text.encode("utf-8") + b"\n\xff\xfe caf\xe9\n")
        elif kind == "not utf-8 name":
            del expected[name]
            raw = os.fsencode(folder) + b"/" + os.fsencode(name)[:-3] + b"\xff.md"
            Path(os.fsdecode(raw)).write_text(page.text, encoding="utf-8")
            expected[os.fsdecode(os.fsencode(name)[:-3] + b"\xff.md")] = None
        elif kind == "empty":
            path.write_bytes(b"" if len(name) % 2 else b" \n\t\n")
        elif kind == "too large":
            path.write_text(page.text, encoding="utf-8")
            with path.open("ab") as handle:
                handle.truncate(max_bytes + 1)  # sparse: never read, the reader goes by its size
        else:
            _write_not_a_file(folder, path, kind)
            del expected[name]
    return expected


def _write_not_a_file(folder: Path, path: Path, kind: str) -> None:
    if kind == "folder link loop":
        path.mkdir()
        os.symlink("..", path / "up")
        os.symlink(str(folder), path / "again")
    elif kind == "folder named .md":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # reading it would block forever: it is no file, never opened


def make_readable(folder: Path) -> None:
    """Let the tmp folder be removed (unreadable files were written)."""
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)


def shown(name: str) -> str:
    """A file name as a warning names it (odd bytes escaped)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def hugo_site(root: Path) -> Path:
    """A Hugo site at `root` with one good posting in SECTION, for the examples' files."""
    (root / SECTION).mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://ex.org/"\n', encoding="utf-8")
    (root / SECTION / "good.md").write_text(GOOD, encoding="utf-8")
    return root
