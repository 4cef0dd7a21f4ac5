"""Raw measurement results turned into figures with their targets (the issue's numbers)."""

from __future__ import annotations

from bot.bench.results import Figure, Percentiles, ScaleRow, at_least, at_most, not_measured

REAL_RATIO_LIMIT = 2.0  # answer p95 / bare embedding p95 on the real corpus
SCALE_RATIO_LIMIT = 3.0  # the same at 10,000 postings
RSS_LIMIT_MB = 1536.0
RECALL_LIMIT = 0.98
THROUGHPUT_LIMIT = 0.9
UPDATE_LIVE_LIMIT_S = 2.0
SLACK_ACK_LIMIT_MS = 3000.0  # Slack retries an event not acknowledged within 3 seconds


def latency_figures(result: dict) -> list[Figure]:
    answer, embedding = Percentiles(**result["answer"]), Percentiles(**result["embedding"])
    ratio = answer.p95 / embedding.p95
    note = f"{answer.count} questions of qa.jsonl; bare embedding p95 {embedding.p95:.1f} ms"
    return [
        Figure("answer_p50_ms", "answer latency p50 (real corpus)", answer.p50, "ms"),
        Figure("answer_p95_ms", "answer latency p95 (real corpus)", answer.p95, "ms"),
        Figure("answer_p99_ms", "answer latency p99 (real corpus)", answer.p99, "ms"),
        Figure("embedding_p95_ms", "bare query embedding p95", embedding.p95, "ms"),
        at_most(
            "answer_vs_embedding_p95",
            "answer p95 / embedding p95 (real corpus)",
            ratio,
            REAL_RATIO_LIMIT,
            "x",
            target="<= 2x",
            note=note,
        ),
    ]


def scale_figures(row: ScaleRow) -> list[Figure]:
    size = f"{row.postings:,} postings"
    cache = (
        f"{row.chunks:,} chunks: {row.embedded:,} embedded (in {row.embed_s:.0f} s), "
        f"{row.cache_hits:,} from the cache, {row.stand_ins:,} stand-in vectors"
    )
    stand_in_share = row.stand_ins / row.chunks if row.chunks else 0.0
    recall_note = row.recall_kind
    if stand_in_share:
        recall_note += f"; {stand_in_share:.0%} of the vectors are stand-ins"
    peak = max(row.build_peak_rss_mb, row.serve_peak_rss_mb)
    figures = [
        Figure(f"build_s_{row.postings}", f"build time, {size}", row.build_s, "s", note=cache),
        Figure(f"index_mb_{row.postings}", f"index size on disk, {size}", row.index_mb, "MB"),
        at_most(
            f"peak_rss_mb_{row.postings}",
            f"peak RSS (build / serve), {size}",
            peak,
            RSS_LIMIT_MB,
            "MB",
            note=f"build {row.build_peak_rss_mb:.0f} MB, serve {row.serve_peak_rss_mb:.0f} MB",
        ),
        Figure(f"answer_p95_ms_{row.postings}", f"answer p95, {size}", row.answer.p95, "ms"),
        at_most(
            f"answer_vs_embedding_p95_{row.postings}",
            f"answer p95 / embedding p95, {size}",
            row.answer.p95 / row.embedding.p95,
            SCALE_RATIO_LIMIT,
            "x",
            target="<= 3x",
            note=f"bare embedding p95 {row.embedding.p95:.1f} ms; index {row.vector_kind}",
        ),
    ]
    if row.recall_at_10 is not None:
        figures.append(
            at_least(
                f"recall_at_10_{row.postings}",
                f"recall@10 vs exact, {size}",
                row.recall_at_10,
                RECALL_LIMIT,
                "",
                target=">= 0.98",
                note=recall_note,
            )
        )
    if row.update_live_s is not None:
        figures.append(
            at_most(
                f"update_live_s_{row.postings}",
                f"one edited posting live, {size}",
                row.update_live_s,
                UPDATE_LIVE_LIMIT_S,
                "s",
                note="incremental build_index + load_index + first answer",
            )
        )
    return figures


def throughput_figure(result: dict) -> Figure:
    note = (
        f"build {result['build_rate']:.0f} chunks/s vs model encode "
        f"{result['encode_rate']:.0f} chunks/s on the same {result['chunks']} chunk texts"
    )
    return at_least(
        "build_throughput_ratio",
        "build throughput / model encode throughput",
        result["ratio"],
        THROUGHPUT_LIMIT,
        "x",
        target=">= 0.9x",
        note=note,
    )


def incremental_figures(result: dict) -> list[Figure]:
    updates = Percentiles.of(result["update_ms"])
    equal = result["embedded"] == result["changed"] and result["mismatched_commits"] == 0
    note = (
        f"{result['commits']} commits replayed; {result['mismatched_commits']} commits "
        "embedded more or fewer chunks than changed"
    )
    return [
        Figure("replay_chunks_embedded", "replay: chunks embedded", result["embedded"], "chunks"),
        Figure(
            "replay_chunks_changed",
            "replay: chunks that changed",
            result["changed"],
            "chunks",
            target="= chunks embedded",
            passed=equal,
            note=note,
        ),
        Figure("replay_update_p50_ms", "replay: time per update p50", updates.p50, "ms"),
        Figure("replay_update_p95_ms", "replay: time per update p95", updates.p95, "ms"),
    ]


def cold_start_figure(key: str, label: str, result: dict) -> Figure:
    if result.get("seconds") is None:
        return not_measured(key, label, "s", "", result.get("note", ""))
    return Figure(key, label, result["seconds"], "s", note=result.get("note", ""))


def slack_figures(result: dict) -> list[Figure]:
    if result.get("ack_ms") is None:
        note = result.get("note", "")
        return [
            not_measured("slack_ack_p99_ms", "Slack ack latency p99", "ms", "<= 3000 ms", note),
            not_measured("slack_reply_p95_ms", "Slack time to reply p95", "ms", "", note),
        ]
    acks, replies = Percentiles.of(result["ack_ms"]), Percentiles.of(result["reply_ms"])
    note = f"{result['mentions']} simultaneous mentions; {result['replied']} replied"
    return [
        at_most(
            "slack_ack_p99_ms",
            "Slack ack latency p99",
            acks.p99,
            SLACK_ACK_LIMIT_MS,
            "ms",
            note=note,
        ),
        Figure("slack_reply_p50_ms", "Slack time to reply p50", replies.p50, "ms", note=note),
        Figure("slack_reply_p95_ms", "Slack time to reply p95", replies.p95, "ms", note=note),
    ]
