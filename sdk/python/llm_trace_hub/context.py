"""Context propagation: the current trace, span and LangGraph run live in ContextVars.

asyncio tasks copy the context when they are created, so spans opened inside a task nest under
the span that was current when the task was spawned without leaking back. New threads start with
an empty context; use :func:`contextvars.copy_context` (``ctx.run(fn)``) to carry it over.
"""
from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING, Any, Dict, List, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .client import LLMTraceClient

current_trace_id: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar(
    "tracehub_current_trace_id", default=None)
current_span: contextvars.ContextVar[Optional["Span"]] = contextvars.ContextVar(
    "tracehub_current_span", default=None)
current_run: contextvars.ContextVar[Optional["LangGraphRun"]] = contextvars.ContextVar(
    "tracehub_current_langgraph_run", default=None)


class Span:
    """Handle of an open span; ``span_id`` and ``trace_id`` identify it on the server.

    Usable as a context manager: leaving the block ends the span (``error`` plus an ERROR event
    when an exception escapes, ``success`` otherwise) unless it was already ended.
    """

    __slots__ = ("span_id", "trace_id", "parent_span_id", "parent", "name", "span_type",
                 "start_time", "ended", "node_id", "owns_trace", "_client", "__weakref__")

    def __init__(self, client: "LLMTraceClient", span_id: str, trace_id: str, name: str,
                 span_type: str, parent: Optional["Span"], parent_span_id: Optional[str],
                 start_time: Any, node_id: Optional[str] = None) -> None:
        self._client = client
        self.span_id = span_id
        self.trace_id = trace_id
        self.name = name
        self.span_type = span_type
        self.parent = parent
        self.parent_span_id = parent_span_id
        self.start_time = start_time
        self.node_id = node_id
        self.ended = False
        self.owns_trace = False

    def end(self, status: str = "success", **kwargs: Any) -> None:
        """End this span; keyword arguments are those of :meth:`LLMTraceClient.end_span`."""
        if self.ended:
            return
        self._client.end_span(status=status, span_id=self.span_id, **kwargs)

    def log(self, message: str, metadata: Optional[dict] = None, level: str = "INFO") -> None:
        """Record a LOG event on this span."""
        self._client.log_event(message, metadata=metadata, level=level, span_id=self.span_id,
                               trace_id=self.trace_id)

    def open_ancestor(self) -> Optional["Span"]:
        """Return the nearest enclosing span that is still open (or None)."""
        node = self.parent
        while node is not None and node.ended:
            node = node.parent
        return node

    def __enter__(self) -> "Span":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        if not self.ended:
            if exc is not None:
                self._client.log_error(exc, span_id=self.span_id)
                self.end(status="error", status_message=f"{type(exc).__name__}: {exc}")
            else:
                self.end(status="success")
        return False

    def __repr__(self) -> str:
        return (f"Span(name={self.name!r}, span_id={self.span_id!r}, trace_id={self.trace_id!r}, "
                f"parent_span_id={self.parent_span_id!r}, ended={self.ended})")


class LangGraphRun:
    """State of one LangGraph run recorded node by node."""

    __slots__ = ("run_id", "graph_name", "trace_id", "root", "nodes")

    def __init__(self, run_id: str, graph_name: str, trace_id: str, root: Span) -> None:
        self.run_id = run_id
        self.graph_name = graph_name
        self.trace_id = trace_id
        self.root = root
        self.nodes: Dict[str, List[Span]] = {}

    def latest(self, node_id: str, open_only: bool = False) -> Optional[Span]:
        """Return the most recent span of ``node_id`` (optionally only an open one)."""
        for span in reversed(self.nodes.get(node_id, [])):
            if not open_only or not span.ended:
                return span
        return None


def get_current_trace_id() -> Optional[str]:
    """Return the trace id of the current context (or None)."""
    trace_id = current_trace_id.get()
    if trace_id is None:
        span = current_span.get()
        trace_id = span.trace_id if span is not None else None
    return trace_id


def get_current_span() -> Optional[Span]:
    """Return the innermost open span of the current context (or None)."""
    span = current_span.get()
    if span is not None and span.ended:
        span = span.open_ancestor()
    return span
