"""chunks.json as one JSON array with one chunk per line, so a build copies unchanged chunks as raw
bytes instead of parsing and serializing them again; and a key per chunk's embedded text, so a
build finds the vector of an unchanged text without looking at the chunks at all."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from index.models import Chunk
from index.serialize import chunk_from_dict, chunk_to_dict

KEY_DTYPE = "S16"  # the first 16 bytes of sha256(embedding text)
_OPEN, _CLOSE = b"[", b"]"


def json_line(data: dict | list) -> bytes:
    """`data` as compact JSON in UTF-8, non-ASCII kept as is (one stored line)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def chunk_line(chunk: Chunk) -> bytes:
    return json_line(chunk_to_dict(chunk))


def text_key(chunk: Chunk) -> bytes:
    # numpy drops trailing NUL bytes of "S" values: strip them here too, so keys compare equal.
    return hashlib.sha256(chunk.embedding_text().encode("utf-8")).digest()[:16].rstrip(b"\0")


def write_chunk_lines(path: Path, lines: list[bytes]) -> None:
    with open(path, "wb") as handle:
        handle.write(_OPEN + b"\n")
        handle.write(b",\n".join(lines))
        handle.write(b"\n" + _CLOSE + b"\n")


def read_chunk_lines(path: Path, expected: int) -> list[bytes]:
    """Each chunk's JSON as bytes, unparsed; ValueError when the file is not what we write."""
    lines = path.read_bytes().split(b"\n")
    if len(lines) != expected + 3 or lines[0] != _OPEN or lines[-2:] != [_CLOSE, b""]:
        raise ValueError(f"{path.name} does not hold {expected} chunks")
    body = lines[1:-2]
    return [line[:-1] if line.endswith(b",") else line for line in body]


class ChunkRows(Sequence[Chunk]):
    """Chunks fetched by row on demand; slicing, iteration and == behave as a list's."""

    def chunk(self, row: int) -> Chunk:
        raise NotImplementedError

    def may_contain(self, row: int, needle: str) -> bool:
        """False only when the chunk's stored form certainly lacks `needle` (cheap to ask)."""
        return True

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self.chunk(n) for n in range(*row.indices(len(self)))]
        return self.chunk(row)

    def __iter__(self) -> Iterator[Chunk]:
        for row in range(len(self)):
            yield self.chunk(row)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable cache, like a list


class LazyChunks(ChunkRows):
    """The chunks of a segment, each parsed from its stored line on first use.

    Search and answers touch a few hundred chunks of a big index; parsing all 100k+ of them
    made loading take seconds. Iterating parses everything (once).
    """

    def __init__(self, lines: list[bytes]):
        self._lines = lines
        self._chunks: list[Chunk | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    def may_contain(self, row: int, needle: str) -> bool:
        # JSON keeps non-ASCII as is (ensure_ascii=False): text is found in the raw line unless
        # it has characters JSON escapes
        return needle.encode() in self._lines[row] or not _verbatim_in_json(needle)

    def chunk(self, row: int) -> Chunk:
        chunk = self._chunks[row]
        if chunk is None:
            chunk = self._chunks[row] = chunk_from_dict(json.loads(self._lines[row]))
        return chunk


def _verbatim_in_json(text: str) -> bool:
    return json.dumps(text, ensure_ascii=False)[1:-1] == text
