"""LangChain callback handler that records chains, LLM calls, tools and retrievers as spans.

Importing this module never requires LangChain: when ``langchain_core`` is importable the
handler subclasses its ``BaseCallbackHandler``, otherwise it is a plain object with the same
methods. Runs are keyed by LangChain's ``run_id`` / ``parent_run_id``; a root run joins the
current trace/span of the caller's context, or starts (and later ends) a trace of its own.
"""
from __future__ import annotations

import json
import threading
from typing import Any, Dict, List, Optional

from ._util import as_object, compact, new_idempotency_key, new_trace_id, now_iso, to_jsonable
from .context import Span, current_trace_id, get_current_span

try:  # pragma: no cover - depends on the environment
    from langchain_core.callbacks import BaseCallbackHandler as _Base
    LANGCHAIN_AVAILABLE = True
except Exception:  # noqa: BLE001 - any import failure means "no LangChain"
    _Base = object
    LANGCHAIN_AVAILABLE = False

_INPUT_KEYS = ("prompt_tokens", "input_tokens")
_OUTPUT_KEYS = ("completion_tokens", "output_tokens")


def _run_name(serialized: Any, kwargs: dict, default: str) -> str:
    if kwargs.get("name"):
        return str(kwargs["name"])
    if isinstance(serialized, dict):
        if serialized.get("name"):
            return str(serialized["name"])
        ident = serialized.get("id")
        if isinstance(ident, list) and ident:
            return str(ident[-1])
    return default


def _message(msg: Any) -> Any:
    role = getattr(msg, "type", None) or getattr(msg, "role", None)
    if role is None:
        return to_jsonable(msg)
    item = {"role": str(role), "content": to_jsonable(getattr(msg, "content", None))}
    tool_calls = getattr(msg, "tool_calls", None)
    if tool_calls:
        item["tool_calls"] = to_jsonable(tool_calls)
    return item


def _usage_from(data: Any) -> Dict[str, int]:
    """Read token counts from an OpenAI- or LangChain-style usage mapping."""
    if not isinstance(data, dict):
        data = to_jsonable(data) if data is not None else None
        if not isinstance(data, dict):
            return {}
    out: Dict[str, int] = {}
    for key in _INPUT_KEYS:
        if isinstance(data.get(key), int):
            out["input_tokens"] = data[key]
            break
    for key in _OUTPUT_KEYS:
        if isinstance(data.get(key), int):
            out["output_tokens"] = data[key]
            break
    if isinstance(data.get("total_tokens"), int):
        out["total_tokens"] = data["total_tokens"]
    details = data.get("prompt_tokens_details") or data.get("input_token_details") or {}
    if isinstance(details, dict):
        cached = details.get("cached_tokens", details.get("cache_read"))
        if isinstance(cached, int):
            out["cached_input_tokens"] = cached
    return out


def _llm_result(response: Any) -> tuple:
    """Return (output, usage, model) from an ``LLMResult``-like object."""
    usage: Dict[str, int] = {}
    model = None
    llm_output = getattr(response, "llm_output", None) or {}
    if isinstance(llm_output, dict):
        usage = _usage_from(llm_output.get("token_usage") or llm_output.get("usage"))
        model = llm_output.get("model_name") or llm_output.get("model")
    outputs: List[Any] = []
    for group in getattr(response, "generations", None) or []:
        for gen in group or []:
            message = getattr(gen, "message", None)
            outputs.append(_message(message) if message is not None else getattr(gen, "text", None))
            if not usage and message is not None:
                usage = _usage_from(getattr(message, "usage_metadata", None))
            info = getattr(gen, "generation_info", None) or {}
            if not usage and isinstance(info, dict):
                usage = _usage_from(info.get("usage") or info.get("token_usage") or info.get("usage_metadata"))
            if model is None and message is not None:
                meta = getattr(message, "response_metadata", None) or {}
                model = meta.get("model_name") or meta.get("model") if isinstance(meta, dict) else None
    output = outputs[0] if len(outputs) == 1 else outputs
    return output, usage, model


def _model_name(kwargs: dict, serialized: Any) -> Optional[str]:
    params = kwargs.get("invocation_params") or {}
    metadata = kwargs.get("metadata") or {}
    for source, key in ((params, "model"), (params, "model_name"), (params, "model_id"),
                        (metadata, "ls_model_name")):
        if isinstance(source, dict) and source.get(key):
            return str(source[key])
    if isinstance(serialized, dict) and isinstance(serialized.get("kwargs"), dict):
        found = serialized["kwargs"].get("model") or serialized["kwargs"].get("model_name")
        return str(found) if found else None
    return None


def _as_text(value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("output", "answer", "result", "text"):
            if isinstance(value.get(key), str):
                return value[key]
    try:
        return json.dumps(to_jsonable(value), ensure_ascii=False)[:100_000]
    except (TypeError, ValueError):
        return str(value)


class TraceHubCallbackHandler(_Base):  # type: ignore[misc, valid-type]
    """LangChain callback handler sending every run to Trace Hub through an ``LLMTraceClient``."""

    raise_error = False
    run_inline = True

    def __init__(self, client: Any = None, *, trace_name: Optional[str] = None,
                 user_id: Optional[str] = None, session_id: Optional[str] = None,
                 tags: Optional[list] = None, metadata: Optional[dict] = None) -> None:
        """Wrap ``client`` (default: a new ``LLMTraceClient`` configured from the environment)."""
        if _Base is not object:
            super().__init__()
        if client is None:
            from .client import LLMTraceClient
            client = LLMTraceClient()
        self.client = client
        self.trace_name = trace_name
        self.user_id = user_id
        self.session_id = session_id
        self.tags = tags
        self.metadata = metadata
        self._spans: Dict[str, Span] = {}
        self._owned: Dict[str, str] = {}
        self._lock = threading.Lock()
        #: Id of the last trace this handler started for a root run (None when it joined one).
        self.last_trace_id: Optional[str] = None

    # ------------------------------------------------------------------ helpers
    def _start(self, run_id: Any, parent_run_id: Any, name: str, span_type: str, inputs: Any,
               model: Optional[str] = None, metadata: Any = None, tags: Any = None) -> None:
        try:
            key = str(run_id)
            with self._lock:
                parent = self._spans.get(str(parent_run_id)) if parent_run_id else None
            attrs = compact({"langchain.run_id": key, "langchain.tags": to_jsonable(tags) or None,
                             "langchain.metadata": as_object(metadata) or None})
            trace_id = None
            if parent is None:
                parent = get_current_span()
                trace_id = parent.trace_id if parent is not None else current_trace_id.get()
                if trace_id is None:
                    trace_id = self._start_trace(key, name, inputs)
            span = self.client._open_span(name, span_type, attributes=attrs, input=inputs, model=model,
                                          parent=parent, trace_id=trace_id, activate=False,
                                          explicit_root=parent is None)
            with self._lock:
                self._spans[key] = span
        except Exception:  # noqa: BLE001 - callbacks must never break the chain
            pass

    def _start_trace(self, key: str, name: str, inputs: Any) -> str:
        trace_id = new_trace_id()
        trace = compact({"trace_id": trace_id, "name": self.trace_name or name, "status": "running",
                         "start_time": now_iso(), "input_text": _as_text(to_jsonable(inputs)),
                         "user_id": self.user_id, "session_id": self.session_id,
                         "environment": getattr(self.client, "environment", None),
                         "tags": [str(t) for t in self.tags] if self.tags else None,
                         "attributes": as_object(self.metadata)})
        self.client._enqueue("traces", {"trace": trace, "spans": [],
                                        "idempotency_key": new_idempotency_key("trace-start")})
        with self._lock:
            self._owned[key] = trace_id
        self.last_trace_id = trace_id
        return trace_id

    def _end(self, run_id: Any, status: str = "success", output: Any = None,
             error: Optional[BaseException] = None, **fields: Any) -> None:
        try:
            key = str(run_id)
            with self._lock:
                span = self._spans.pop(key, None)
                owned_trace = self._owned.pop(key, None)
            if span is None:
                return
            if error is not None:
                self.client.log_error(error, span_id=span.span_id, trace_id=span.trace_id)
                fields["status_message"] = f"{type(error).__name__}: {error}"
            self.client.end_span(status=status, span_id=span.span_id, output=to_jsonable(output), **fields)
            if owned_trace:
                self.client.end_trace(owned_trace, status=status,
                                      output_text=_as_text(to_jsonable(output)) if error is None else None)
        except Exception:  # noqa: BLE001
            pass

    # ------------------------------------------------------------------ chains
    def on_chain_start(self, serialized: Any, inputs: Any, *, run_id: Any, parent_run_id: Any = None,
                       tags: Any = None, metadata: Any = None, **kwargs: Any) -> None:
        """Open a ``chain`` span (LangGraph nodes are recognised from ``metadata.langgraph_node``)."""
        name = _run_name(serialized, kwargs, "chain")
        meta = dict(metadata) if isinstance(metadata, dict) else metadata
        if isinstance(meta, dict) and meta.get("langgraph_node"):
            meta["langgraph.node_name"] = meta["langgraph_node"]
        self._start(run_id, parent_run_id, name, "chain", inputs, metadata=meta, tags=tags)

    def on_chain_end(self, outputs: Any, *, run_id: Any, **kwargs: Any) -> None:
        """Close the chain span with its outputs."""
        self._end(run_id, output=outputs)

    def on_chain_error(self, error: BaseException, *, run_id: Any, **kwargs: Any) -> None:
        """Close the chain span as ``error``."""
        self._end(run_id, status="error", error=error)

    # ------------------------------------------------------------------ LLMs
    def on_llm_start(self, serialized: Any, prompts: List[str], *, run_id: Any, parent_run_id: Any = None,
                     tags: Any = None, metadata: Any = None, **kwargs: Any) -> None:
        """Open an ``llm`` span with the prompts as input."""
        kwargs["metadata"] = metadata
        self._start(run_id, parent_run_id, _run_name(serialized, kwargs, "llm"), "llm", prompts,
                    model=_model_name(kwargs, serialized), metadata=metadata, tags=tags)

    def on_chat_model_start(self, serialized: Any, messages: List[List[Any]], *, run_id: Any,
                            parent_run_id: Any = None, tags: Any = None, metadata: Any = None,
                            **kwargs: Any) -> None:
        """Open an ``llm`` span with the chat messages (role/content) as input."""
        kwargs["metadata"] = metadata
        inputs = [[_message(m) for m in batch] for batch in messages or []]
        if len(inputs) == 1:
            inputs = inputs[0]
        self._start(run_id, parent_run_id, _run_name(serialized, kwargs, "chat_model"), "llm", inputs,
                    model=_model_name(kwargs, serialized), metadata=metadata, tags=tags)

    def on_llm_end(self, response: Any, *, run_id: Any, **kwargs: Any) -> None:
        """Close the llm span with the generated output and token usage."""
        try:
            output, usage, model = _llm_result(response)
        except Exception:  # noqa: BLE001
            output, usage, model = None, {}, None
        self._end(run_id, output=output, model=model, **usage)

    def on_llm_error(self, error: BaseException, *, run_id: Any, **kwargs: Any) -> None:
        """Close the llm span as ``error``."""
        self._end(run_id, status="error", error=error)

    # ------------------------------------------------------------------ tools and retrievers
    def on_tool_start(self, serialized: Any, input_str: str, *, run_id: Any, parent_run_id: Any = None,
                      tags: Any = None, metadata: Any = None, inputs: Any = None, **kwargs: Any) -> None:
        """Open a ``tool`` span."""
        self._start(run_id, parent_run_id, _run_name(serialized, kwargs, "tool"), "tool",
                    inputs if inputs is not None else input_str, metadata=metadata, tags=tags)

    def on_tool_end(self, output: Any, *, run_id: Any, **kwargs: Any) -> None:
        """Close the tool span with its output (a message's ``content`` when it is one)."""
        content = getattr(output, "content", None)
        self._end(run_id, output=content if content is not None else output)

    def on_tool_error(self, error: BaseException, *, run_id: Any, **kwargs: Any) -> None:
        """Close the tool span as ``error``."""
        self._end(run_id, status="error", error=error)

    def on_retriever_start(self, serialized: Any, query: str, *, run_id: Any, parent_run_id: Any = None,
                           tags: Any = None, metadata: Any = None, **kwargs: Any) -> None:
        """Open a ``retriever`` span with the query as input."""
        self._start(run_id, parent_run_id, _run_name(serialized, kwargs, "retriever"), "retriever",
                    {"query": query}, metadata=metadata, tags=tags)

    def on_retriever_end(self, documents: Any, *, run_id: Any, **kwargs: Any) -> None:
        """Close the retriever span with the documents (content and metadata)."""
        docs = [{"page_content": getattr(d, "page_content", None), "metadata": to_jsonable(getattr(d, "metadata", None))}
                if hasattr(d, "page_content") else to_jsonable(d) for d in documents or []]
        self._end(run_id, output=docs)

    def on_retriever_error(self, error: BaseException, *, run_id: Any, **kwargs: Any) -> None:
        """Close the retriever span as ``error``."""
        self._end(run_id, status="error", error=error)

    # ------------------------------------------------------------------ agent steps as log events
    def on_agent_action(self, action: Any, *, run_id: Any, **kwargs: Any) -> None:
        """Record an agent's tool choice as a LOG event on its span."""
        self._log(run_id, "agent action", {"tool": getattr(action, "tool", None),
                                           "tool_input": to_jsonable(getattr(action, "tool_input", None))})

    def on_agent_finish(self, finish: Any, *, run_id: Any, **kwargs: Any) -> None:
        """Record an agent's final answer as a LOG event on its span."""
        self._log(run_id, "agent finish", {"return_values": to_jsonable(getattr(finish, "return_values", None))})

    def _log(self, run_id: Any, message: str, metadata: dict) -> None:
        try:
            with self._lock:
                span = self._spans.get(str(run_id))
            if span is not None:
                self.client.log_event(message, metadata=metadata, span_id=span.span_id, trace_id=span.trace_id)
        except Exception:  # noqa: BLE001
            pass
