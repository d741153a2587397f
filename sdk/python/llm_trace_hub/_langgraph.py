"""LangGraph support: record a graph run node by node, or ingest a finished run in one call."""
from __future__ import annotations

import uuid
from collections import OrderedDict
from typing import Any, Iterable, Mapping, Optional

from ._util import as_object, compact, epoch_ms, format_time, new_idempotency_key, new_trace_id, now_iso, to_jsonable
from .context import LangGraphRun, Span, current_run, current_span, current_trace_id, get_current_span

_MAX_RUNS = 10_000


def _earliest(times: list) -> Any:
    """The earliest of some times (datetimes, ISO strings or epoch numbers, kept as given); None for none."""
    known = [t for t in times if epoch_ms(t) is not None]
    return min(known, key=epoch_ms) if known else None


def _latest(times: list) -> Any:
    """The latest of some times, as :func:`_earliest`."""
    known = [t for t in times if epoch_ms(t) is not None]
    return max(known, key=epoch_ms) if known else None


class LangGraphMixin:
    """LangGraph methods of :class:`~llm_trace_hub.LLMTraceClient`."""

    def _init_langgraph(self) -> None:
        self._runs: "OrderedDict[str, LangGraphRun]" = OrderedDict()

    def start_langgraph_run(self, graph_name: str, run_id: Optional[str] = None, *,
                            input_text: Optional[str] = None, input_state: Any = None,
                            model: Optional[str] = None, environment: Optional[str] = None,
                            user_id: Optional[str] = None, session_id: Optional[str] = None,
                            attributes: Optional[dict] = None, tags: Optional[list] = None,
                            trace_id: Optional[str] = None, start_time: Any = None) -> str:
        """Start a graph run: a trace plus a root span (``span_type`` ``graph``); returns the trace id.

        With ``trace_id`` the run is attached to that existing trace instead of starting a new one.
        The root span becomes current, so later nodes, spans and log events nest under it.
        """
        run_id = run_id or str(uuid.uuid4())
        attrs = {"langgraph.run_id": run_id, "langgraph.graph_name": graph_name}
        attrs.update(as_object(attributes) or {})
        start = format_time(start_time)
        if trace_id:
            active = get_current_span()
            parent = active if active is not None and active.trace_id == trace_id else None
            current_trace_id.set(trace_id)
        else:
            trace_id = self.start_trace(name=graph_name, input_text=input_text, model=model,
                                        environment=environment, user_id=user_id, session_id=session_id,
                                        attributes=attrs, tags=tags, start_time=start)
            parent = None
        root_input = input_state if input_state is not None else (
            {"input_text": input_text} if input_text is not None else None)
        root = self._open_span(graph_name, "graph", attributes=attrs, input=root_input, model=model,
                               trace_id=trace_id, start_time=start, parent=parent,
                               explicit_root=parent is None, activate=True)
        run = LangGraphRun(run_id, graph_name, trace_id, root)
        with self._lock:
            self._runs[run_id] = run
            while len(self._runs) > _MAX_RUNS:
                self._runs.popitem(last=False)
        current_run.set(run)
        return trace_id

    def _find_run(self, run_id: Optional[str]) -> Optional[LangGraphRun]:
        if run_id:
            return self._runs.get(run_id)
        run = current_run.get()
        if run is not None:
            return run
        with self._lock:  # no run in this context (e.g. another thread): use the latest one
            return next(reversed(self._runs.values()), None) if self._runs else None

    def start_langgraph_node(self, node_id: str, node_name: Optional[str] = None,
                             node_type: Optional[str] = None, parent_node_id: Optional[str] = None, *,
                             input_state: Any = None, model: Optional[str] = None,
                             attributes: Optional[dict] = None, run_id: Optional[str] = None,
                             start_time: Any = None) -> Span:
        """Open the span of one node, under ``parent_node_id``'s span or else the run's root span.

        Without a current run an implicit run named ``langgraph`` is started first.
        """
        run = self._find_run(run_id)
        if run is None:
            self.start_langgraph_run("langgraph", run_id=run_id)
            run = self._find_run(run_id)
        parent = (run.latest(parent_node_id) if parent_node_id else None) or run.root
        attrs = compact({
            "langgraph.run_id": run.run_id, "langgraph.graph_name": run.graph_name,
            "langgraph.node_id": node_id, "langgraph.node_name": node_name or node_id,
            "langgraph.node_type": node_type, "langgraph.parent_node_id": parent_node_id,
        })
        attrs.update(as_object(attributes) or {})
        span = self._open_span(node_name or node_id, node_type or "chain", attributes=attrs,
                               input=input_state, model=model, parent=parent, trace_id=run.trace_id,
                               start_time=start_time, node_id=node_id, activate=True)
        with self._lock:
            run.nodes.setdefault(node_id, []).append(span)
        return span

    def end_langgraph_node(self, node_id: str, output_state: Any = None, status: str = "success", *,
                           run_id: Optional[str] = None, input_tokens: Optional[int] = None,
                           output_tokens: Optional[int] = None, total_tokens: Optional[int] = None,
                           cost: Optional[float] = None, model: Optional[str] = None,
                           status_message: Optional[str] = None, attributes: Optional[dict] = None,
                           end_time: Any = None) -> None:
        """End the latest open span of ``node_id`` with ``output_state`` as its output."""
        run = self._find_run(run_id)
        span = run.latest(node_id, open_only=True) if run is not None else None
        if span is None:
            self._warn_once(f"no-node-{node_id}", f"end_langgraph_node(): node {node_id!r} is not open; ignored")
            return
        self.end_span(status=status, span_id=span.span_id, output=output_state, input_tokens=input_tokens,
                      output_tokens=output_tokens, total_tokens=total_tokens, cost=cost, model=model,
                      status_message=status_message, attributes=attributes, end_time=end_time)

    def end_langgraph_run(self, run_id: Optional[str] = None, status: str = "success", *,
                          output_text: Optional[str] = None, output_state: Any = None,
                          end_time: Any = None) -> None:
        """End a run: close nodes still open, the root span and (when the run started it) the trace."""
        run = self._find_run(run_id)
        if run is None:
            self._warn_once("no-run-end", "end_langgraph_run() called without a run; ignored")
            return
        for spans in list(run.nodes.values()):
            for span in spans:
                if not span.ended:
                    self.end_span(status=status, span_id=span.span_id, end_time=end_time)
        output = output_state if output_state is not None else (
            {"output_text": output_text} if output_text is not None else None)
        self.end_span(status=status, span_id=run.root.span_id, output=output, end_time=end_time)
        if run.root.parent is None:
            self.end_trace(run.trace_id, status=status, output_text=output_text, end_time=end_time)
        with self._lock:
            self._runs.pop(run.run_id, None)
        if current_run.get() is run:
            current_run.set(None)
            if current_span.get() is run.root:
                current_span.set(run.root.open_ancestor())

    def ingest_langgraph_run(self, graph_name: str, nodes: Iterable[Mapping[str, Any]] = (), *,
                             trace_id: Optional[str] = None, run_id: Optional[str] = None,
                             status: Optional[str] = None, start_time: Any = None, end_time: Any = None,
                             model: Optional[str] = None, environment: Optional[str] = None,
                             user_id: Optional[str] = None, session_id: Optional[str] = None,
                             input_text: Optional[str] = None, output_text: Optional[str] = None,
                             input_state: Any = None, output_state: Any = None,
                             attributes: Optional[dict] = None, tags: Optional[list] = None) -> str:
        """Send a finished run with all its nodes to ``/ingest/langgraph-runs``; returns the trace id.

        Each node is a mapping with ``node_id`` and optionally ``node_name``, ``node_type``,
        ``parent_node_id``, ``status``, ``start_time``, ``end_time``, ``input_state``,
        ``output_state``, token counts, ``attributes`` and ``idempotency_key``.
        """
        trace_id = trace_id or new_trace_id()
        given = [{str(k): v for k, v in dict(node).items() if v is not None} for node in nodes or ()]
        # Like the TypeScript SDK: a finished run (any status but "running") ends every node; missing
        # times come from the nodes' own times, else from now, so no span is left open.
        finished = status != "running"
        stamp = now_iso()
        node_starts = [n["start_time"] for n in given if "start_time" in n]
        node_ends = [n["end_time"] for n in given if "end_time" in n]
        run_start = start_time if start_time is not None else (_earliest(node_starts) or stamp)
        run_end = end_time
        if run_end is None and finished:
            run_end = (_latest(node_ends) if len(node_ends) == len(given) else None) or stamp
        start_time, end_time = run_start, run_end
        wire_nodes = []
        for item in given:
            item.setdefault("start_time", run_start)
            if finished:
                item.setdefault("end_time", run_end)
            for key in ("start_time", "end_time"):
                if key in item:
                    item[key] = format_time(item[key])
            item = to_jsonable(item)
            item.setdefault("idempotency_key", new_idempotency_key(f"node-{item.get('node_id', 'x')}"[:200]))
            wire_nodes.append(item)
        body = compact({
            "trace_id": trace_id, "run_id": run_id, "graph_name": graph_name, "status": status,
            "start_time": format_time(start_time), "end_time": format_time(end_time), "model": model,
            "environment": environment or getattr(self, "environment", None), "user_id": user_id,
            "session_id": session_id, "input_text": input_text, "output_text": output_text,
            "input_state": to_jsonable(input_state), "output_state": to_jsonable(output_state),
            "attributes": as_object(attributes), "tags": list(tags) if tags else None,
        })
        body["nodes"] = wire_nodes
        body["idempotency_key"] = new_idempotency_key("langgraph-run")
        self._enqueue("langgraph", body)
        return trace_id
