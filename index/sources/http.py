"""Fetching JSON from job board APIs: timeouts, retries with backoff, conditional requests.

Retries (tenacity) cover connection errors and timeouts, 429 (honouring `Retry-After`) and 5xx.
Responses with an `ETag` or `Last-Modified` are cached on disk, so the next fetch of an unchanged
board sends `If-None-Match` / `If-Modified-Since` and costs one 304.
Anything that still fails raises `SourceFetchError`: the build keeps the board's last good postings.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from index.errors import SourceFetchError

DEFAULT_CACHE_DIR = Path(".careers-bot") / "http-cache"
USER_AGENT = "careers-bot (+https://github.com/careers-bot)"


@dataclass(frozen=True)
class HttpSettings:
    timeout: float = 15.0  # seconds, per request (connect, read, write, pool)
    attempts: int = 4  # tries per request, the first one included
    backoff_initial: float = 0.5  # seconds before the first retry; doubles each time
    backoff_max: float = 10.0
    retry_after_max: float = 60.0  # never wait longer than this for a 429's Retry-After


@dataclass
class FetchStats:
    requests: int = 0
    not_modified: int = 0
    retries: int = 0


class _RetryableStatus(Exception):
    def __init__(self, status: int, retry_after: float | None):
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class _CachedResponse:
    """One URL's last good body with its validators, in a JSON file named by the URL's hash."""

    def __init__(self, cache_dir: Path | None, url: str):
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        self.path = cache_dir / f"{key}.json" if cache_dir else None
        self.url = url

    def load(self) -> dict | None:
        if self.path is None or not self.path.is_file():
            return None
        try:
            entry = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) and entry.get("url") == self.url else None

    def save(self, body: str, etag: str | None, last_modified: str | None) -> None:
        if self.path is None or not (etag or last_modified):
            return
        entry = {"url": self.url, "etag": etag, "last_modified": last_modified, "body": body}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle)
            os.replace(tmp, self.path)
        except OSError:
            pass  # the cache only saves bandwidth: a read-only disk must not fail the fetch


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class JsonFetcher:
    """GETs JSON documents with retries and an on-disk conditional-request cache."""

    def __init__(
        self,
        cache_dir: Path | None = DEFAULT_CACHE_DIR,
        settings: HttpSettings | None = None,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.settings = settings or HttpSettings()
        self.stats = FetchStats()
        self._client = client
        self._sleep = sleep  # tests record the waits instead of sleeping

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        """The decoded JSON at `url`; raises `SourceFetchError` when it can't be had."""
        full_url = str(httpx.URL(url, params=params)) if params else url
        cache = _CachedResponse(self.cache_dir, full_url)
        cached = cache.load()
        try:
            response = self._retrying_get(full_url, cached)
        except _RetryableStatus as error:
            raise SourceFetchError(
                f"{full_url}: HTTP {error.status} after {self.settings.attempts} attempts"
            ) from error
        except httpx.TimeoutException as error:
            raise SourceFetchError(
                f"{full_url}: timed out after {self.settings.attempts} attempts"
            ) from error
        except httpx.HTTPError as error:
            raise SourceFetchError(f"{full_url}: {type(error).__name__}: {error}") from error
        if response.status_code == 304 and cached is not None:
            self.stats.not_modified += 1
            return _decode(full_url, cached["body"])
        if response.status_code != 200:
            raise SourceFetchError(f"{full_url}: HTTP {response.status_code}")
        data = _decode(full_url, response.text)
        headers = response.headers
        cache.save(response.text, headers.get("etag"), headers.get("last-modified"))
        return data

    def _retrying_get(self, url: str, cached: dict | None) -> httpx.Response:
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.attempts),
            wait=self._wait,
            retry=retry_if_exception_type((_RetryableStatus, httpx.TransportError)),
            before_sleep=self._count_retry,
            sleep=self._sleep,
            reraise=True,
        )
        return retrying(self._get_once, url, _conditional_headers(cached))

    def _get_once(self, url: str, headers: dict[str, str]) -> httpx.Response:
        self.stats.requests += 1
        response = self._http().get(url, headers=headers)
        if response.status_code == 429 or response.status_code >= 500:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise _RetryableStatus(response.status_code, retry_after)
        return response

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RetryableStatus) and error.retry_after is not None:
            return min(error.retry_after, self.settings.retry_after_max)
        initial = self.settings.backoff_initial
        backoff = wait_exponential_jitter(
            initial=initial, max=self.settings.backoff_max, jitter=initial
        )
        return backoff(state)

    def _count_retry(self, state: RetryCallState) -> None:
        self.stats.retries += 1

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.settings.timeout,
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def _conditional_headers(cached: dict | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if cached and cached.get("etag"):
        headers["If-None-Match"] = cached["etag"]
    if cached and cached.get("last_modified"):
        headers["If-Modified-Since"] = cached["last_modified"]
    return headers


def _decode(url: str, body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError as error:
        raise SourceFetchError(f"{url}: malformed JSON ({error})") from error
