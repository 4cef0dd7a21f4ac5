"""How postings and chunks are stored in an index folder's chunks.json."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from index.models import Chunk, Posting, SectionKind, Visibility, chunk_id


@dataclass(frozen=True)
class PostingMeta:
    """What the index keeps of a posting besides its chunks."""

    id: str
    site: str
    title: str
    url: str
    language: str
    visibility: Visibility
    fields: dict[str, str] = field(default_factory=dict)
    is_section_page: bool = False
    translation_key: str = ""
    content_hash: str = ""
    chunk_indices: tuple[int, ...] = ()  # positions in LoadedIndex.chunks, in posting order
    chunk_ids: tuple[str, ...] = ()

    @property
    def uid(self) -> str:
        return f"{self.site}:{self.id}"

    @classmethod
    def of(
        cls, posting: Posting, chunks: list[Chunk], content_hash: str | None = None
    ) -> PostingMeta:
        """The posting's meta; `content_hash` when the caller already knows it."""
        return cls(
            id=posting.id,
            site=posting.site,
            title=posting.title,
            url=posting.url,
            language=posting.language,
            visibility=Visibility(posting.visibility),
            fields=dict(posting.fields),
            is_section_page=posting.is_section_page,
            translation_key=posting.translation_key,
            content_hash=content_hash or _content_hash_of(posting),
            chunk_ids=tuple(chunk.id for chunk in chunks),
        )

    def placed_at(self, first_row: int) -> PostingMeta:
        """This posting with its chunks stored from row `first_row` on."""
        return replace(self, chunk_indices=tuple(range(first_row, first_row + len(self.chunk_ids))))

    def to_dict(self) -> dict:
        """As JSON data; the usual chunk rows (one run) and ids (`uid#n`) are stored compactly,
        which makes the postings table of a 10,000-posting index a third of its size."""
        data = {name: getattr(self, name) for name in _META_FIELDS}  # asdict deep-copies: slow
        data["visibility"] = str(self.visibility)
        data["fields"] = dict(self.fields)
        rows, ids = self.chunk_indices, self.chunk_ids
        if rows and rows[-1] - rows[0] == len(rows) - 1:
            data["chunk_indices"] = {"first": rows[0], "count": len(rows)}
        if ids == self._default_chunk_ids(len(ids)):
            data["chunk_ids"] = {"count": len(ids)}
        return data

    @classmethod
    def from_dict(cls, data: dict) -> PostingMeta:
        rows, ids = data["chunk_indices"], data["chunk_ids"]
        if isinstance(rows, dict):
            rows = range(rows["first"], rows["first"] + rows["count"])
        if isinstance(ids, dict):
            uid = f"{data['site']}:{data['id']}"
            ids = (chunk_id(uid, n) for n in range(ids["count"]))
        return cls(
            **{
                **data,
                "visibility": Visibility(data["visibility"]),
                "chunk_indices": tuple(rows),
                "chunk_ids": tuple(ids),
            }
        )

    def _default_chunk_ids(self, count: int) -> tuple[str, ...]:
        """The ids index.chunking gives a posting's chunks."""
        return tuple(chunk_id(self.uid, n) for n in range(count))


_CHUNK_FIELDS = tuple(f.name for f in fields(Chunk))
_META_FIELDS = tuple(f.name for f in fields(PostingMeta))
_FIELDS = frozenset(_CHUNK_FIELDS)
_VISIBILITIES = {str(v): v for v in Visibility}
_KINDS = {str(k): k for k in SectionKind}


def chunk_to_dict(chunk: Chunk) -> dict:
    """Sentences are stored as (start, end) offsets into the text: they are exact substrings."""
    data = {name: getattr(chunk, name) for name in _CHUNK_FIELDS}  # asdict deep-copies: slow
    data["visibility"] = str(chunk.visibility)
    data["kind"] = str(chunk.kind)
    spans = _sentence_spans(chunk.text, chunk.sentences)
    if spans is not None:
        del data["sentences"]
        data["spans"] = spans
    return data


def chunk_from_dict(data: dict) -> Chunk:
    """A chunk from its stored form (sentences as offsets into the text).

    Built through `__dict__` rather than the frozen dataclass's `__init__`, which sets each field
    with `object.__setattr__`: loading 100k chunks that way took most of a second.
    """
    data = dict(data)
    spans = data.pop("spans", None)
    text = data["text"]
    sentences = (
        tuple(text[start:end] for start, end in spans)
        if spans is not None
        else tuple(data["sentences"])
    )
    data.update(
        sentences=sentences,
        heading_path=tuple(data["heading_path"]),
        visibility=_VISIBILITIES[data["visibility"]],  # a dict lookup: Enum() calls are slow
        kind=_KINDS[data["kind"]],
    )
    data.setdefault("is_section_page", False)
    if data.keys() != _FIELDS:
        raise ValueError(f"a stored chunk has the fields {sorted(data)}, not {sorted(_FIELDS)}")
    chunk = object.__new__(Chunk)
    chunk.__dict__.update(data)
    return chunk


def _sentence_spans(text: str, sentences: tuple[str, ...]) -> list[list[int]] | None:
    spans, position = [], 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start < 0:
            return None
        spans.append([start, start + len(sentence)])
        position = start + len(sentence)
    return spans


def _content_hash_of(posting: Posting) -> str:
    from index.hugo.parse_cache import content_hash_of  # a parse cache may know it already

    return content_hash_of(posting)
