"""QA items grouped by the corpus they ask about, each corpus answered from its own index."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index.build import build_index
from index.embeddings import Embedder
from index.errors import ConfigError
from index.search import LoadedIndex, load_index
from index.sources.discover import Corpus, find_corpora


@dataclass
class CorpusSet:
    """A corpus, its index and the QA items asked about it."""

    corpus: Corpus
    index: LoadedIndex
    items: list[dict]

    @property
    def name(self) -> str:
        return self.corpus.name


def group_by_corpus(items: Iterable[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for item in items:
        name = item.get("corpus")
        if not name:
            raise ConfigError(f"QA item {item.get('id')!r} names no `corpus`")
        groups.setdefault(name, []).append(item)
    return groups


def open_corpus_sets(
    items: Iterable[dict], root: Path, index_root: Path, embedder: Embedder
) -> list[CorpusSet]:
    """Each corpus the items ask about, found under `root` and indexed (incrementally) into
    `index_root/<name>`; a corpus that is not there is an error naming it."""
    corpora = {corpus.name: corpus for corpus in find_corpora(root)}
    sets = []
    for name, group in sorted(group_by_corpus(items).items()):
        corpus = corpora.get(name)
        if corpus is None:
            known = ", ".join(corpora) or "none"
            raise ConfigError(f"corpus {name!r} of the QA items is not in {root} (found: {known})")
        index_dir = Path(index_root) / name
        build_index(corpus.sources(), index_dir, embedder)
        sets.append(CorpusSet(corpus, load_index(index_dir, embedder), group))
    return sets
