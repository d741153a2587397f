"""The Trace Hub client: traces, spans, log events and evals, sent in the background."""
from __future__ import annotations

import atexit
import logging
import os
import threading
import traceback
from collections import OrderedDict
from typing import Any, Dict, Optional

from . import _transport
from ._langgraph import LangGraphMixin
from ._sender import BatchSender
from ._util import (as_object, compact, format_time, new_idempotency_key, new_span_id,
                    new_trace_id, now_iso, to_jsonable)
from .context import Span, current_run, current_span, current_trace_id, get_current_span

logger = logging.getLogger("llm_trace_hub")

DEFAULT_HOST = "http://localhost:3000"
_MAX_OPEN_SPANS = 100_000
_USAGE_KEYS = ("input_tokens", "output_tokens", "total_tokens", "cached_input_tokens")


def _normalize_base_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if url.endswith("/api/v1"):
        url = url[: -len("/api/v1")]
    return url


def _count(value: Any) -> Optional[int]:
    """A non-negative token count, or None when ``value`` is not one."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number >= 0 and not isinstance(value, bool) else None


def _number(value: Any) -> Optional[float]:
    """A finite float, or None when ``value`` is not one."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number == number and abs(number) != float("inf") else None


class LLMTraceClient(LangGraphMixin):
    """Records traces, spans, events and evals and delivers them to a Trace Hub server.

    Every call only queues work; a daemon thread batches and sends it. No method raises because
    the server is down, slow or refusing data: failures are retried, then dropped and counted.
    """

    def __init__(self, base_url: Optional[str] = None, api_key: Optional[str] = None, *,
                 flush_interval: float = 1.0, batch_size: int = 100, max_queue_size: int = 10_000,
                 max_retries: int = 5, timeout: float = 10.0, retry_deadline: float = 30.0,
                 backoff_base: float = 0.5, backoff_max: float = 10.0, flush_timeout: float = 30.0,
                 shutdown_timeout: float = 5.0, environment: Optional[str] = None,
                 release: Optional[str] = None, enabled: bool = True, register_atexit: bool = True) -> None:
        """Create a client; ``base_url``/``api_key`` default to TRACEHUB_HOST / TRACEHUB_API_KEY."""
        self.base_url = _normalize_base_url(base_url or os.environ.get("TRACEHUB_HOST") or DEFAULT_HOST)
        self.api_key = api_key or os.environ.get("TRACEHUB_API_KEY")
        self.environment = environment
        self.release = release
        self.enabled = enabled
        self.flush_timeout = flush_timeout
        self.shutdown_timeout = shutdown_timeout
        self._lock = threading.Lock()
        self._spans: "OrderedDict[str, Span]" = OrderedDict()
        self._warned: set = set()
        self._sender = BatchSender(
            self.base_url, self.api_key, flush_interval=flush_interval, batch_size=batch_size,
            max_queue_size=max_queue_size, max_retries=max_retries, timeout=timeout,
            retry_deadline=retry_deadline, backoff_base=backoff_base, backoff_max=backoff_max,
            logger=logger)
        self._init_langgraph()
        self._closed = False
        if register_atexit:
            atexit.register(self._atexit)

    # ------------------------------------------------------------------ status
    @property
    def dropped_count(self) -> int:
        """Number of items that were never delivered (queue overflow or retries exhausted)."""
        return self._sender.dropped_count

    @property
    def stats(self) -> Dict[str, int]:
        """Delivery counters (enqueued, sent, duplicates, rejected, dropped_*, requests, retries)."""
        return self._sender.stats

    @property
    def current_trace_id(self) -> Optional[str]:
        """Trace id of the current context, if any."""
        return current_trace_id.get()

    @property
    def current_span(self) -> Optional[Span]:
        """Innermost open span of the current context, if any."""
        return get_current_span()

    # ------------------------------------------------------------------ traces
    def start_trace(self, name: Optional[str] = None, *, input_text: Optional[str] = None,
                    model: Optional[str] = None, environment: Optional[str] = None,
                    user_id: Optional[str] = None, session_id: Optional[str] = None,
                    attributes: Optional[dict] = None, tags: Optional[list] = None,
                    release: Optional[str] = None, version: Optional[str] = None,
                    user_review_passed: Optional[bool] = None, trace_id: Optional[str] = None,
                    start_time: Any = None) -> str:
        """Start a trace, make it current in this context and return its id (a uuid4 string)."""
        trace_id = trace_id or new_trace_id()
        trace = compact({
            "trace_id": trace_id, "name": name, "status": "running",
            "start_time": format_time(start_time) or now_iso(), "model": model,
            "environment": environment or self.environment, "user_id": user_id,
            "session_id": session_id, "input_text": None if input_text is None else str(input_text),
            "attributes": as_object(attributes), "tags": [str(t) for t in tags] if tags else None,
            "release": release or self.release, "version": version,
            "user_review_passed": user_review_passed,
        })
        self._send_trace(trace, "trace-start")
        current_trace_id.set(trace_id)
        current_span.set(None)
        current_run.set(None)
        return trace_id

    def end_trace(self, trace_id: Optional[str] = None, *, status: str = "success",
                  output_text: Optional[str] = None, end_time: Any = None,
                  attributes: Optional[dict] = None, tags: Optional[list] = None,
                  user_review_passed: Optional[bool] = None) -> None:
        """Close a trace (default: the current one) with ``status``, ``output_text`` and ``end_time``."""
        trace_id = trace_id or current_trace_id.get()
        if not trace_id:
            self._warn_once("no-trace-end", "end_trace() called without a trace; ignored")
            return
        trace = compact({
            "trace_id": trace_id, "status": status, "end_time": format_time(end_time) or now_iso(),
            "output_text": None if output_text is None else str(output_text),
            "attributes": as_object(attributes), "tags": [str(t) for t in tags] if tags else None,
            "user_review_passed": user_review_passed,
        })
        self._send_trace(trace, "trace-end")
        if current_trace_id.get() == trace_id:
            current_trace_id.set(None)
            current_span.set(None)
            current_run.set(None)

    def _send_trace(self, trace: dict, prefix: str) -> None:
        self._enqueue("traces", {"trace": trace, "spans": [], "idempotency_key": new_idempotency_key(prefix)})

    # ------------------------------------------------------------------ spans
    def start_span(self, name: str, span_type: str = "span", *, attributes: Optional[dict] = None,
                   input: Any = None, model: Optional[str] = None, parent_span_id: Optional[str] = None,
                   trace_id: Optional[str] = None, start_time: Any = None, span_id: Optional[str] = None) -> Span:
        """Open a span under the current span (or ``parent_span_id``) and make it current.

        Without any current trace a new trace named after the span is started first.
        Returns a :class:`Span` (``.span_id``, ``.trace_id``) that also works as a context manager.
        """
        return self._open_span(name, span_type, attributes=attributes, input=input, model=model,
                               parent_span_id=parent_span_id, trace_id=trace_id,
                               start_time=start_time, span_id=span_id, activate=True)

    def _open_span(self, name: str, span_type: str, *, attributes: Any = None, input: Any = None,
                   model: Optional[str] = None, parent_span_id: Optional[str] = None,
                   trace_id: Optional[str] = None, start_time: Any = None, span_id: Optional[str] = None,
                   activate: bool = True, parent: Optional[Span] = None, node_id: Optional[str] = None,
                   explicit_root: bool = False) -> Span:
        """Create a span and queue its START event; ``activate`` makes it the current span."""
        if parent is None and not explicit_root:
            parent, parent_span_id, trace_id = self._resolve_parent(parent_span_id, trace_id)
        elif parent is not None:
            parent_span_id, trace_id = parent.span_id, trace_id or parent.trace_id
        owns_trace = not trace_id
        if owns_trace:
            trace_id = self.start_trace(name=name) if activate else new_trace_id()
        start = format_time(start_time) or now_iso()
        span = Span(self, span_id or new_span_id(), trace_id, str(name), str(span_type or "span"),
                    parent, parent_span_id, start, node_id=node_id)
        span.owns_trace = owns_trace and activate
        payload = compact({
            "name": span.name, "span_type": span.span_type, "parent_span_id": parent_span_id,
            "start_time": start, "model": model, "input": to_jsonable(input),
            "attributes": as_object(attributes),
        })
        self._send_event(span.trace_id, span.span_id, "START", payload, start)
        with self._lock:
            self._spans[span.span_id] = span
            while len(self._spans) > _MAX_OPEN_SPANS:
                self._spans.popitem(last=False)
        if activate:
            current_trace_id.set(span.trace_id)
            current_span.set(span)
        return span

    def _resolve_parent(self, parent_span_id: Optional[str], trace_id: Optional[str]):
        """Work out (parent span, parent id, trace id) from explicit ids or the current context."""
        if parent_span_id:
            parent = self._spans.get(parent_span_id)
            return parent, parent_span_id, trace_id or (parent.trace_id if parent else current_trace_id.get())
        active = get_current_span()
        if trace_id and (active is None or active.trace_id != trace_id):
            return None, None, trace_id
        if active is not None:
            return active, active.span_id, active.trace_id
        return None, None, trace_id or current_trace_id.get()

    def end_span(self, status: str = "success", span_id: Optional[str] = None, *, output: Any = None,
                 input_tokens: Optional[int] = None, output_tokens: Optional[int] = None,
                 total_tokens: Optional[int] = None, cached_input_tokens: Optional[int] = None,
                 usage: Optional[dict] = None, cost: Optional[float] = None, model: Optional[str] = None,
                 status_message: Optional[str] = None, attributes: Optional[dict] = None,
                 end_time: Any = None, trace_id: Optional[str] = None) -> None:
        """End a span (default: the current one) and make its parent current again."""
        span = self._spans.get(span_id) if span_id else get_current_span()
        if span is None and not span_id:
            self._warn_once("no-span-end", "end_span() called without an open span; ignored")
            return
        trace_id = span.trace_id if span is not None else (trace_id or current_trace_id.get())
        span_id = span.span_id if span is not None else span_id
        if not trace_id:
            self._warn_once("no-trace-end-span", "end_span() for an unknown span without a trace; ignored")
            return
        end = format_time(end_time) or now_iso()
        tokens = {k: _count(v) for k, v in (usage if isinstance(usage, dict) else {}).items() if k in _USAGE_KEYS}
        explicit = {"input_tokens": input_tokens, "output_tokens": output_tokens,
                    "total_tokens": total_tokens, "cached_input_tokens": cached_input_tokens}
        tokens.update({k: _count(v) for k, v in explicit.items() if v is not None})
        tokens = {k: v for k, v in tokens.items() if v is not None}
        payload = compact({
            "status": status or "success", "end_time": end, "output": to_jsonable(output), "model": model,
            "cost": _number(cost), "status_message": None if status_message is None else str(status_message),
            "attributes": as_object(attributes), **tokens,
        })
        self._send_event(trace_id, span_id, "END", payload, end)
        if span is not None:
            span.ended = True
            with self._lock:
                self._spans.pop(span.span_id, None)
            if current_span.get() is span:
                current_span.set(span.open_ancestor())
            if span.owns_trace:  # the trace was started implicitly for this span: close it too
                self.end_trace(span.trace_id, status=status or "success", end_time=end)

    def log_event(self, message: str, metadata: Optional[dict] = None, level: str = "INFO", *,
                  span_id: Optional[str] = None, trace_id: Optional[str] = None) -> None:
        """Record a LOG event on the current span (or ``span_id``); trace-level when no span is open."""
        trace_id, span_id = self._target(span_id, trace_id)
        if not trace_id:
            self._warn_once("no-trace-log", "log_event() called outside any trace; ignored")
            return
        payload = compact({"message": str(message), "level": level, "metadata": as_object(metadata)})
        self._send_event(trace_id, span_id, "LOG", payload, now_iso())

    def log_error(self, error: Any, *, span_id: Optional[str] = None, trace_id: Optional[str] = None) -> None:
        """Record an ERROR event (exception or message) on the current span (or ``span_id``)."""
        trace_id, span_id = self._target(span_id, trace_id)
        if not trace_id or not span_id:
            self._warn_once("no-span-error", "log_error() needs an open span; ignored")
            return
        if isinstance(error, BaseException):
            payload = {"message": str(error) or type(error).__name__, "type": type(error).__name__,
                       "stacktrace": "".join(traceback.format_exception(type(error), error, error.__traceback__))}
        else:
            payload = {"message": str(error)}
        self._send_event(trace_id, span_id, "ERROR", payload, now_iso())

    def _target(self, span_id: Optional[str], trace_id: Optional[str]):
        """Pick (trace_id, span_id) for an event from explicit ids or the current context."""
        if span_id:
            span = self._spans.get(span_id)
            return (span.trace_id if span else trace_id or current_trace_id.get()), span_id
        active = get_current_span()
        if active is not None and (trace_id is None or trace_id == active.trace_id):
            return active.trace_id, active.span_id
        return trace_id or current_trace_id.get(), None

    def _send_event(self, trace_id: str, span_id: Optional[str], event_type: str, payload: dict,
                    event_time: str) -> None:
        event = {"trace_id": trace_id, "event_type": event_type, "event_time": event_time,
                 "payload": payload, "idempotency_key": new_idempotency_key(event_type.lower())}
        if span_id:
            event["span_id"] = span_id
        self._enqueue("spans", event)

    # ------------------------------------------------------------------ evals
    def attach_eval(self, eval_name: str, score: Optional[float] = None, passed: Optional[bool] = None, *,
                    eval_model: Optional[str] = None, label: Optional[str] = None,
                    trace_id: Optional[str] = None, span_id: Optional[str] = None, comment: Any = None,
                    metadata: Optional[dict] = None, user_review_passed: Optional[bool] = None,
                    source: str = "sdk", eval_time: Any = None) -> None:
        """Attach an evaluation (score / passed / label) to a trace (default: current) or a span."""
        trace_id = trace_id or (self._spans[span_id].trace_id if span_id in self._spans else None) \
            or current_trace_id.get()
        if not trace_id:
            self._warn_once("no-trace-eval", "attach_eval() called without a trace; ignored")
            return
        if _number(score) is None and passed is None and label is None:
            self._warn_once("empty-eval", "attach_eval() needs score, passed or label; ignored")
            return
        item = compact({
            "trace_id": trace_id, "span_id": span_id, "eval_name": str(eval_name), "eval_model": eval_model,
            "score": _number(score), "passed": passed, "label": label,
            "comment": to_jsonable(comment), "metadata": as_object(metadata), "source": source,
            "user_review_passed": user_review_passed, "eval_time": format_time(eval_time) or now_iso(),
            "idempotency_key": new_idempotency_key("eval"),
        })
        self._enqueue("evals", item)

    # ------------------------------------------------------------------ lifecycle
    def flush(self, timeout: Optional[float] = None) -> bool:
        """Send everything queued so far; wait at most ``timeout`` s (None: ``flush_timeout``).

        Returns True when the queue was drained (items may still have been dropped; see ``stats``).
        """
        if not self.enabled:
            return True
        try:
            return self._sender.flush(self.flush_timeout if timeout is None else timeout)
        except Exception:  # noqa: BLE001
            logger.exception("Trace Hub flush failed")
            return False

    def shutdown(self, timeout: Optional[float] = None) -> bool:
        """Flush (at most ``timeout`` s, None: ``shutdown_timeout``) and stop the sender thread."""
        if self._closed:
            return True
        self._closed = True
        try:
            return self._sender.shutdown(self.shutdown_timeout if timeout is None else timeout)
        except Exception:  # noqa: BLE001
            logger.exception("Trace Hub shutdown failed")
            return False
        finally:
            try:
                atexit.unregister(self._atexit)
            except Exception:  # noqa: BLE001
                pass

    def get_trace(self, trace_id: str, timeout: float = 10.0) -> Optional[dict]:
        """Fetch ``GET /api/v1/traces/{trace_id}`` synchronously; None when it is not available."""
        result = _transport.get_json(f"{self.base_url}/api/v1/traces/{trace_id}", self.api_key, timeout)
        return result.body if result.ok and isinstance(result.body, dict) else None

    def _atexit(self) -> None:
        self.shutdown()

    def __enter__(self) -> "LLMTraceClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()

    def _enqueue(self, endpoint: str, item: Any) -> None:
        if not self.enabled:
            return
        try:
            self._sender.enqueue(endpoint, item)
        except Exception:  # noqa: BLE001 - never break the host application
            logger.exception("Trace Hub could not queue an item")

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(message)
