"""Python SDK for Trace Hub: traces, spans, log events, evals and LangGraph runs.

Standard library only. Calls queue work that a background thread batches and delivers with
retries; nothing raises into the host application when the server is unavailable.
"""
from ._version import __version__
from .ab import ABTests
from .client import LLMTraceClient
from .context import LangGraphRun, Span, get_current_span, get_current_trace_id

__all__ = ["LLMTraceClient", "ABTests", "Span", "LangGraphRun", "get_current_span", "get_current_trace_id",
           "__version__"]
