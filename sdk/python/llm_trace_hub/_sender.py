"""Bounded queue plus a background daemon thread that batches and delivers items.

Items are queued as ``(endpoint, payload)``. The sender pops up to ``batch_size`` items at a
time (FIFO, so order between drains is kept) and, inside one drain, sends traces first, then
LangGraph runs, then span events (one request, in order), then evals, so that a trace always
exists before its events and evals arrive. Failed requests are retried with capped exponential
backoff and full jitter (or the server's Retry-After) until ``max_retries`` or ``retry_deadline``
is reached; then the items are dropped and counted, and until a request succeeds again later
requests get a single attempt each. Nothing here ever raises into the host app.
"""
from __future__ import annotations

import collections
import logging
import os
import random
import threading
import time
from typing import Any, Callable, Dict, List, Optional

from . import _transport

PATHS = {
    "traces": "/api/v1/ingest/traces",
    "langgraph": "/api/v1/ingest/langgraph-runs",
    "spans": "/api/v1/ingest/spans",
    "evals": "/api/v1/evals",
}
_SEND_ORDER = ("traces", "langgraph", "spans", "evals")
_BATCHED = {"spans": "events", "evals": "evals"}


class BatchSender:
    """Queue and background sender shared by one :class:`LLMTraceClient`."""

    def __init__(self, base_url: str, api_key: Optional[str], *, flush_interval: float,
                 batch_size: int, max_queue_size: int, max_retries: int, timeout: float,
                 retry_deadline: float, backoff_base: float, backoff_max: float,
                 logger: logging.Logger,
                 post: Callable[[str, Optional[str], Any, float], _transport.SendResult] = None) -> None:
        self.base_url = base_url
        self.api_key = api_key
        self.flush_interval = max(0.01, float(flush_interval))
        self.batch_size = max(1, int(batch_size))
        self.max_queue_size = max(1, int(max_queue_size))
        self.max_retries = max(0, int(max_retries))
        self.timeout = float(timeout)
        self.retry_deadline = float(retry_deadline)
        self.backoff_base = float(backoff_base)
        self.backoff_max = float(backoff_max)
        self.log = logger
        self._post = post or _transport.post_json
        self._stats: Dict[str, int] = collections.Counter()
        self._warned: set = set()
        # Set when a request exhausted its retries; until something succeeds again, requests get a
        # single attempt so a dead server costs one deadline, not one deadline per batch.
        self._server_down = False
        self._init_runtime()

    def _init_runtime(self) -> None:
        self._pid = os.getpid()
        self._cond = threading.Condition(threading.Lock())
        self._queue: collections.deque = collections.deque()
        self._in_flight = 0
        self._flush_requested = False
        self._closed = False
        self._abort = threading.Event()
        self._thread: Optional[threading.Thread] = None

    # ------------------------------------------------------------------ public API
    @property
    def stats(self) -> Dict[str, int]:
        """Counters: enqueued, sent, duplicates, rejected, dropped_overflow, dropped_failed, requests."""
        keys = ("enqueued", "sent", "duplicates", "rejected", "dropped_overflow",
                "dropped_failed", "requests", "retries")
        with self._cond:
            return {k: int(self._stats.get(k, 0)) for k in keys}

    @property
    def dropped_count(self) -> int:
        """Items that were never delivered: queue overflow plus items given up after retries."""
        return int(self._stats.get("dropped_overflow", 0) + self._stats.get("dropped_failed", 0))

    @property
    def pending(self) -> int:
        """Items queued or being sent."""
        with self._cond:
            return len(self._queue) + self._in_flight

    def enqueue(self, endpoint: str, payload: Any) -> bool:
        """Queue one item without blocking; return False (and count a drop) when it was refused."""
        if self._pid != os.getpid():  # forked child: the parent's thread does not exist here
            self._init_runtime()
        warn = False
        with self._cond:
            if self._closed:
                self._stats["dropped_overflow"] += 1
                return False
            accepted = len(self._queue) < self.max_queue_size
            if accepted:
                self._queue.append((endpoint, payload))
                self._stats["enqueued"] += 1
                if len(self._queue) >= self.batch_size:
                    self._cond.notify_all()
            else:
                self._stats["dropped_overflow"] += 1
                warn = "overflow" not in self._warned
                self._warned.add("overflow")
        if warn:
            self.log.warning("Trace Hub queue is full (max_queue_size=%d); new items are being dropped "
                             "(see client.dropped_count)", self.max_queue_size)
        if accepted:
            self._ensure_thread()
        return accepted

    def flush(self, timeout: Optional[float]) -> bool:
        """Wait until everything queued so far was sent or dropped, or ``timeout`` seconds pass."""
        self._ensure_thread()
        deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)
        with self._cond:
            self._flush_requested = True
            self._cond.notify_all()
            while self._queue or self._in_flight:
                if self._thread is None or not self._thread.is_alive():
                    return False
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(0.1 if remaining is None else min(remaining, 0.1))
            return True

    def shutdown(self, timeout: Optional[float]) -> bool:
        """Flush, then stop the sender thread; later items are dropped. Returns True when drained."""
        drained = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._abort.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(0.5 if drained else 0.1)
        return drained

    # ------------------------------------------------------------------ background thread
    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._cond:
            if self._closed or (self._thread is not None and self._thread.is_alive()):
                return
            thread = threading.Thread(target=self._run, name="tracehub-sender", daemon=True)
            try:
                thread.start()
            except RuntimeError as exc:  # e.g. "can't create new thread at interpreter shutdown"
                self.log.debug("Trace Hub sender thread could not start: %s", exc)
                return
            self._thread = thread

    def _run(self) -> None:
        while True:
            with self._cond:
                waited_until = time.monotonic() + self.flush_interval
                while not self._closed and not self._flush_requested and len(self._queue) < self.batch_size:
                    remaining = waited_until - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
                if not self._queue:
                    self._flush_requested = False
                    self._cond.notify_all()
                    if self._closed:
                        return
                    continue
                batch = [self._queue.popleft() for _ in range(min(self.batch_size, len(self._queue)))]
                self._in_flight = len(batch)
            try:
                self._send_batch(batch)
            except Exception:  # noqa: BLE001 - the sender thread must survive anything
                self.log.exception("Trace Hub sender failed unexpectedly; %d items dropped", len(batch))
                self._count("dropped_failed", len(batch))
            finally:
                with self._cond:
                    self._in_flight = 0
                    if not self._queue:
                        self._flush_requested = False
                    self._cond.notify_all()

    def _send_batch(self, batch: List[tuple]) -> None:
        grouped: Dict[str, List[Any]] = {name: [] for name in _SEND_ORDER}
        for endpoint, payload in batch:
            grouped.setdefault(endpoint, []).append(payload)
        for endpoint in list(_SEND_ORDER) + [e for e in grouped if e not in _SEND_ORDER]:
            items = grouped.get(endpoint) or []
            if not items:
                continue
            if endpoint in _BATCHED:
                self._deliver(endpoint, items)
            else:
                for item in items:
                    self._deliver(endpoint, [item])

    def _body(self, endpoint: str, items: List[Any]) -> Any:
        key = _BATCHED.get(endpoint)
        return {key: items} if key else items[0]

    def _deliver(self, endpoint: str, items: List[Any]) -> None:
        """Send ``items`` as one request, retrying transient failures."""
        url = self.base_url + PATHS.get(endpoint, endpoint)
        body = self._body(endpoint, items)
        started = time.monotonic()
        attempt = 0
        while True:
            self._count("requests")
            result = self._post(url, self.api_key, body, self.timeout)
            if result.ok:
                self._server_down = False
                self._account(endpoint, items, result)
                return
            if result.status in (400, 413) and len(items) > 1:
                # One bad item must not sink the whole batch: resend the items one by one.
                self.log.debug("Trace Hub %s batch refused (%s); retrying items one by one", endpoint, result.status)
                for item in items:
                    self._deliver(endpoint, [item])
                return
            if not result.retryable:
                self._give_up(endpoint, items, result, permanent=True)
                return
            attempt += 1
            if attempt > self.max_retries or self._server_down:
                self._give_up(endpoint, items, result)
                return
            delay = result.retry_after if result.retry_after is not None else self._backoff(attempt)
            if time.monotonic() + delay - started > self.retry_deadline:
                self._give_up(endpoint, items, result)
                return
            self._count("retries")
            self.log.debug("Trace Hub %s attempt %d failed (%s); retrying in %.2fs", endpoint, attempt, result, delay)
            if self._abort.wait(delay):
                self._give_up(endpoint, items, result)
                return

    def _backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff, capped at ``backoff_max``."""
        cap = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return random.uniform(0, cap)

    def _account(self, endpoint: str, items: List[Any], result: _transport.SendResult) -> None:
        body = result.body if isinstance(result.body, dict) else {}
        rejected = int(body.get("rejected", 0) or 0)
        duplicates = int(body.get("duplicates", 0) or 0)
        self._count("sent", max(0, len(items) - rejected))
        self._count("duplicates", duplicates)
        if rejected:
            self._count("rejected", rejected)
            reasons = [r.get("reason") for r in body.get("items", []) if isinstance(r, dict)
                       and r.get("status") == "rejected"]
            self.log.warning("Trace Hub rejected %d of %d %s item(s): %s", rejected, len(items), endpoint,
                             "; ".join(str(r) for r in reasons[:3]))

    def _give_up(self, endpoint: str, items: List[Any], result: _transport.SendResult,
                 permanent: bool = False) -> None:
        self._count("dropped_failed", len(items))
        if not permanent and not self._abort.is_set():
            self._server_down = True
        detail = result.body if isinstance(result.body, (dict, str)) else result.error
        if result.status in (401, 403):
            kind = "auth"
            message = "Trace Hub refused the API key (HTTP %s); check api_key / TRACEHUB_API_KEY" % result.status
        elif permanent:
            kind = f"http-{result.status}"
            message = f"Trace Hub refused a {endpoint} request (HTTP {result.status}): {str(detail)[:500]}"
        else:
            kind = "unreachable"
            message = f"Trace Hub unreachable or failing ({result.error or result.status}); items are being dropped"
        if kind not in self._warned:
            self._warned.add(kind)
            self.log.warning(message)
        else:
            self.log.debug("%s (%d %s item(s) dropped)", message, len(items), endpoint)

    def _count(self, key: str, n: int = 1) -> None:
        with self._cond:
            self._stats[key] += n
