"""How each figure is measured, for `docs/benchmarks.md` (kept next to the code that does it)."""

from __future__ import annotations

METHOD = """
- **Answer latency (real corpus).** One fresh process loads the model and the index of the real
  sites, warms up with the first 3 questions and the first one in each language, then asks
  every question of `{qa}` once through `Answerer.ask` (question in, `Answer` out, with its
  thread history and site) and embeds the same question once with the bare model
  (`Embedder.encode([question])`). The query-vector caches of the embedder and the index are
  cleared before each question, so no answer reuses a cached vector.
- **Scale.** `bot/bench/synthetic.py` writes a Hugo site (en/sv/nb/da, `contentDir` per language)
  of N postings from its own vocabulary: titles of role x seniority x team, 8-15 sections with
  headings, salary lines and front-matter salaries, remote policy, requirements lists; about
  400-900 words each; seeded, so posting *i* is the same at every size. Each size runs in two fresh
  processes: **build** (`build_index` from nothing, timed) and **serve** (`load_index`, answer
  p50/p95 over synthetic questions next to the bare embedding of the same questions). Peak RSS is
  each process's own `ru_maxrss`; the serve figure is taken before recall and the update are run.
- **Embedding cache and stand-in vectors.** Embedding the ~130,000 chunks of the 10,000-posting
  corpus takes most of an hour on two idle cores (hours on a busy one), so the scale builds go
  through `CachingEmbedder`: an SQLite file keyed by sha256(model, chunk text) that each run adds
  to, embedding new chunks for at most {budget:.0f} s per size. Chunks beyond that budget get a
  *stand-in* vector: the real vector of another chunk of the same section kind (same heading)
  plus noise of norm 0.5, normalized. The scale table says, per size, how many chunks were
  embedded, came from the cache, or are stand-ins. Build time at scale is thus the build
  *without* most of the embedding work (whose cost the build throughput figure measures). Index
  size, RSS, answer latency and the edit-live time depend on how many vectors there are, not on
  their values; a recall figure is marked with its share of stand-ins (real-vector recall is the
  one at the sizes without stand-ins).{cache}
- **recall@10.** The synthetic questions (a separate set from the latency ones) are embedded and
  searched with the index's own approximate index (HNSW above the exact-search threshold) and with
  exact inner-product search over the same vectors; ties with equal scores count as found. Below
  the threshold the index is exact, and the figure is that of an HNSW index built over the same
  vectors with the production parameters.
- **Edit live.** In the serve process, one posting's text is edited; the figure is the time of
  the incremental `build_index` (one new small segment, the others hard-linked), the swap to the
  new generation as `serve` does it (`load_index(..., reuse=serving)`: segments and postings the
  serving index holds are not read again) and the first answer from the new index.
- **Build throughput.** A fresh process writes a {throughput_size}-posting synthetic site, encodes
  the embedding texts of its chunks with the model's own `SentenceTransformer.encode` (default
  batch size), builds the index from nothing with no cache (chunks / build seconds), and encodes
  the texts again; the faster encode is the reference, so a busy machine can only make the ratio
  look worse.
- **Incremental updates.** `index/replay.py` replays `{history}` into a folder commit by commit;
  after each commit `build_index` runs with an embedder that counts what it encodes. "Chunks that
  changed" are the distinct embedded texts of the new index that the previous index did not have
  (a copy of a text it had, or a repeat of a new text, needs no embedding);
  time per update is the incremental build plus reloading the index. The first commit (a build
  from nothing) is left out of the sums.
- **Cold start.** `careers-bot ask` in a new process against an up-to-date index (process start
  to the answer printed), and `careers-bot serve` against the fake Slack (process start to the
  readiness endpoint answering 200).
- **Slack path.** `careers-bot serve` in Socket Mode against the fake Slack Web API and Socket Mode
  server of `bot/slack/testing`; 50 mentions from 50 users are sent at once. Ack latency is from
  sending an envelope to its ack; time to reply is from sending to the bot's first message in the
  mention's thread.
"""


def method_notes(options) -> str:
    cache = (
        ""
        if options.cache
        else " (This run used `--no-cache`: every chunk was embedded during the build.)"
    )
    return METHOD.format(
        qa=options.qa_file,
        history=options.history_file,
        cache=cache,
        budget=options.plan.embed_budget_s,
        throughput_size=options.plan.throughput_size,
    )
