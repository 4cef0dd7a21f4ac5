"""Everything one question needs: the index, what the asker may see, language, names."""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.answer.intents import cue_words
from bot.answer.language import detect_language, mentioned_language, words
from bot.answer.names import PostingNames
from bot.answer.tuning import DEFAULT_TUNING, Tuning
from index.models import Chunk, Visibility

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]*\w")
_names_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_audience_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_contact_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_emails_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_translations_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_emails_by_content: dict[tuple[str, str], tuple[str, ...]] = {}  # (uid, content hash) → addresses


@dataclass
class AskContext:
    index: object
    question: str
    query: str  # the question without the words that ask for a fact: what it is about
    history: list[str]
    language: str
    wanted_language: str | None  # a language the question names ("the swedish ad")
    visibilities: list[str]
    sites: list[str] | None
    visible: list[str]  # uids of every posting the asker may see, section pages included
    candidates: list[str]  # the visible job postings (no section pages)
    names: PostingNames  # of the candidates and the hidden postings
    shown: frozenset[str]  # `visible` as a set
    hidden: list[str] = field(default_factory=list)  # job postings the asker may not see
    configured_contact: str | None = None
    retrieval: str = "hybrid"  # "hybrid", "dense" or "lexical": for ablations in `eval`
    tuning: Tuning = DEFAULT_TUNING
    _content: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)
    _dense: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    @classmethod
    def create(
        cls,
        index,
        question,
        history,
        include_drafts,
        sites,
        contact,
        retrieval="hybrid",
        tuning: Tuning = DEFAULT_TUNING,
    ) -> AskContext:
        visibilities = (
            [v.value for v in Visibility] if include_drafts else [Visibility.PUBLISHED.value]
        )
        visible, candidates, hidden, names, shown = _audience(index, visibilities, sites)
        history = [h for h in history if h and h.strip()]
        language = detect_language(question, default=_history_language(history))
        return cls(
            index=index,
            question=question,
            query=_topic_query(question),
            history=history,
            language=language,
            wanted_language=mentioned_language(question),
            visibilities=visibilities,
            sites=list(sites) if sites else None,
            visible=visible,
            candidates=candidates,
            names=names,
            shown=shown,
            hidden=hidden,
            configured_contact=contact,
            retrieval=retrieval,
            tuning=tuning,
        )

    def content_scores(self, query: str | None = None) -> dict[str, float]:
        """How well each posting's text matches the question (or `query`), 0..1.

        Dense and keyword scores are each scaled to their best posting and blended: the
        embedding model carries meaning, BM25 carries rare words and the Nordic languages.
        """
        query = query or self.query
        if query not in self._content:
            filters = {"sites": self.sites, "visibilities": self.visibilities}
            blend = {"dense": (1.0, 0.0), "lexical": (0.0, 1.0)}.get(self.retrieval, (0.65, 0.35))
            scores: dict[str, float] = {}
            for weight, kind in zip(blend, ("dense", "lexical"), strict=True):
                if weight:
                    hits = self.index.posting_hits(kind, query, k=40, **filters)
                    for uid, score in _best_per_posting(hits).items():
                        scores[uid] = scores.get(uid, 0.0) + weight * score
            self._content[query] = scores
        return self._content[query]

    def translations_of(self, uid: str) -> list[str]:
        """The visible postings of the same site and translation key as `uid` (itself too)."""
        meta = self.index.postings[uid]
        key = (meta.site, meta.translation_key)
        return [u for u in _translations(self.index).get(key, ()) if u in self.shown]

    def chunks_of(self, uid: str) -> list[Chunk]:
        return self.index.chunks_of(uid)

    def dense_scores(self, uid: str) -> dict[str, float]:
        """Similarity of the question's topic to each chunk of the posting (by chunk id)."""
        if uid not in self._dense:
            rows = np.asarray(self.index.postings[uid].chunk_indices, dtype=np.int64)
            scores = self.index.dense_scores(self.query, rows)
            self._dense[uid] = {
                self.index.chunks[r].id: max(float(s), 0.0)
                for r, s in zip(rows, scores, strict=True)
            }
        return self._dense[uid]

    def contact(self, site: str | None = None, uid: str | None = None) -> str:
        """Who to ask: the configured contact, else the posting's own (about `uid`), else the
        address the site names company-wide (on its section pages or in several postings)."""
        if self.configured_contact:
            return self.configured_contact
        if uid:
            own = _posting_email(self.index, uid)
            if own:
                return own
        per_site = _contact_cache.setdefault(self.index, {})
        key = (site or ",".join(self.sites or []), tuple(self.visibilities))
        if key not in per_site:
            per_site[key] = _most_named_email(self.index, site or self.sites, self.visibilities)
        return per_site[key] or ""


def _translations(index) -> dict[tuple[str, str], list[str]]:
    """The postings of each (site, translation key), in index order: grouped once per index."""
    found = _translations_cache.get(index)
    if found is None:
        found = _translations_cache[index] = {}
        for uid, meta in index.postings.items():
            if meta.translation_key:
                found.setdefault((meta.site, meta.translation_key), []).append(uid)
    return found


def _best_per_posting(hits: list[tuple[str, float]]) -> dict[str, float]:
    best: dict[str, float] = {}
    for uid, score in hits:
        best[uid] = max(best.get(uid, 0.0), score)
    top = max(best.values(), default=0.0)
    return {uid: score / top for uid, score in best.items()} if top > 0 else {}


def _topic_query(question: str) -> str:
    """ "network engineer start date?" → "network engineer": searching for the fact's words
    would favour postings that state the fact over the posting that was asked about."""
    fact_words = cue_words(question)
    rest = [w for w in words(question) if w not in fact_words]
    return " ".join(rest) if len(rest) >= 1 and len(rest) < len(words(question)) else question


def _history_language(history: Sequence[str]) -> str:
    for message in reversed(history):
        language = detect_language(message, default="")
        if language:
            return language
    return "en"


def _audience(index, visibilities: list[str], sites) -> tuple:
    """(visible, candidates, hidden, names, visible as a set) for who may see what: worked out
    once per index and audience, not per question (they are shared: never change them)."""
    per_index = _audience_cache.setdefault(index, {})
    key = (tuple(visibilities), tuple(sites) if sites else None)
    if key not in per_index:
        visible = [
            uid
            for uid, meta in index.postings.items()
            if str(meta.visibility) in visibilities and (not sites or meta.site in sites)
        ]
        candidates = [uid for uid in visible if not index.postings[uid].is_section_page]
        shown = set(visible)
        hidden = [
            uid
            for uid, meta in index.postings.items()
            if uid not in shown and not meta.is_section_page and (not sites or meta.site in sites)
        ]
        names = _names_for(index, candidates + hidden)
        per_index[key] = (visible, candidates, hidden, names, frozenset(shown))
    return per_index[key]


def _names_for(index, candidates: list[str]) -> PostingNames:
    per_index = _names_cache.setdefault(index, {})
    key = frozenset(candidates)
    if key not in per_index:
        per_index[key] = PostingNames({uid: index.postings[uid] for uid in candidates})
    return per_index[key]


def _most_named_email(index, sites, visibilities) -> str:
    """The address of the section pages, else one that several postings name: one posting's
    recruiter is nobody to send every other question to."""
    if isinstance(sites, str):
        sites = [sites]
    on_pages: Counter[str] = Counter()
    in_postings: Counter[str] = Counter()
    for uid, meta in index.postings.items():
        if (sites and meta.site not in sites) or str(meta.visibility) not in visibilities:
            continue
        found = set(_named_emails(index).get(uid, ()))
        (on_pages if meta.is_section_page else in_postings).update(found)
    if on_pages:
        return on_pages.most_common(1)[0][0]
    shared = [(n, e) for e, n in in_postings.items() if n >= 2]
    return max(shared)[1] if shared else ""


def _posting_email(index, uid: str) -> str:
    meta = index.postings[uid]
    field_value = meta.fields.get("contact", "")
    if _EMAIL.fullmatch(field_value.strip()):
        return field_value.strip()
    counts = Counter(_named_emails(index).get(uid, ()))
    return counts.most_common(1)[0][0] if counts else ""


def _named_emails(index) -> dict[str, tuple[str, ...]]:
    """Each posting's e-mail addresses (lower-cased, every mention, in order): read once per
    index, so finding a contact for another site or posting doesn't scan every chunk. A posting
    whose content an earlier index held (a hot swap after an edit) is not read again."""
    found = _emails_cache.get(index)
    if found is None:
        found = _emails_cache[index] = {}
        if len(_emails_by_content) > 4 * len(index.postings) + 1000:
            _emails_by_content.clear()
        for uid, meta in index.postings.items():
            key = (uid, meta.content_hash)
            addresses = _emails_by_content.get(key) if meta.content_hash else None
            if addresses is None:
                addresses = tuple(
                    e.lower() for c in index.chunks_of(uid, "@") for e in _EMAIL.findall(c.text)
                )
                if meta.content_hash:
                    _emails_by_content[key] = addresses
            if addresses:
                found[uid] = addresses
    return found


def warm_up_contacts(index) -> None:
    """Find the addresses the postings name now, not during the first abstention (only the
    chunks with an "@" are parsed: a second or so for 10,000 postings)."""
    _named_emails(index)
