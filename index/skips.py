"""Reading one file is isolated: whatever goes wrong (a parse error, the file system, a bug in a
reader) becomes a `SkipWarning` naming the file and the reason in one line, and the rest of the
source is read as if the file were not there."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import InputError
from index.models import SkipWarning

MAX_REASON_CHARS = 300  # a reason longer than this (a huge YAML error) is cut


class SkipFile(Exception):
    """A file we skip on purpose; the message is the reason."""


def skip_reason(error: BaseException) -> str:
    """Why reading a file failed, in one line a person can act on."""
    if isinstance(error, InputError):
        reason = error.reason
    elif isinstance(error, SkipFile):
        reason = str(error)
    elif isinstance(error, UnicodeDecodeError):
        reason = f"not valid UTF-8 (byte {error.start})"
    elif isinstance(error, OSError):
        reason = _file_system_reason(error)
    elif isinstance(error, RecursionError):
        reason = "nested too deeply to parse"
    else:  # a bug in a reader: still only this file is lost
        reason = f"cannot parse: {type(error).__name__}: {error}"
    return " ".join(reason.split())[:MAX_REASON_CHARS] or type(error).__name__


def _file_system_reason(error: OSError) -> str:
    path = error.filename if isinstance(error.filename, str) else None
    if path is not None and os.path.islink(path):
        if error.errno == errno.ELOOP:
            return "symbolic link loop: the link leads back to itself"
        if error.errno == errno.ENOENT:
            return f"dangling symbolic link: its target {_target(path)} does not exist"
    return f"cannot read: {error.strerror or error}"


def _target(link: str) -> str:
    try:
        return os.readlink(link)
    except OSError:  # removed meanwhile: the reason must not fail in turn
        return "(gone)"


@contextmanager
def skipped_on_error(path: str, warnings: list[SkipWarning]) -> Iterator[None]:
    """Run one file's read; any error in it is added to `warnings` as a skip of `path`."""
    try:
        yield
    except Exception as error:  # any error at all: it must cost this one file only
        warnings.append(SkipWarning(path, skip_reason(error)))


def is_file_or_broken_link(entry: os.DirEntry | Path) -> bool:
    """A regular file (or a link to one), or a link that leads nowhere (dangling, a loop):
    those are listed so that reading them reports them, not silently dropped."""
    try:
        if entry.is_file():
            return True
        return entry.is_symlink() and not os.path.exists(entry)
    except OSError:  # a link loop makes `is_file` raise
        return True


def check_name(name: str) -> None:
    """A file name that is not UTF-8 (bytes the file system holds as they are) can't be a
    posting's id: it is skipped, named with the odd bytes escaped."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError as error:
        raise SkipFile("the file name is not valid UTF-8") from error
