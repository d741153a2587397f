#!/usr/bin/env python3
"""Send demo traces to Trace Hub by calling the HTTP ingest API directly (standard library only).

    TRACEHUB_HOST=http://localhost:3000 TRACEHUB_API_KEY=dev-key python3 examples/send_trace_via_api.py

Posts the request bodies of the README's curl examples, with fresh ids so the script can be run
again, and a few additions so that every trace has nested spans, a log event and an eval:
  1. POST /api/v1/ingest/traces        a chat trace with a root span and a nested child span
  2. POST /api/v1/ingest/spans         LOG + AMENDMENT events, then END events closing the spans
  3. POST /api/v1/evals                an eval on the chat trace
  4. POST /api/v1/ingest/langgraph-runs a LangGraph run (root > plan > retrieve), a LOG on a node
     and an eval on that trace
Prints the trace ids and exits non-zero when a request fails or an item is rejected.
"""
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

HOST = os.environ.get("TRACEHUB_HOST", "http://localhost:3000").rstrip("/")
API_KEY = os.environ.get("TRACEHUB_API_KEY", "dev-key")


class ApiError(Exception):
    """A request failed or the server rejected some of its items."""


def request(method: str, path: str, body=None) -> dict:
    """Send one JSON request; raise ApiError unless it is 200 with nothing rejected."""
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(HOST + path, data=data, method=method,
                                 headers={"x-api-key": API_KEY, "content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=15) as response:
            status, answer = response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        raise ApiError(f"{method} {path}: HTTP {exc.code} {exc.read().decode('utf-8', 'replace')[:2000]}")
    except (urllib.error.URLError, OSError) as exc:
        raise ApiError(f"{method} {path}: cannot reach {HOST}: {exc}")
    if status != 200 or (isinstance(answer, dict) and answer.get("rejected")):
        raise ApiError(f"{method} {path}: HTTP {status} {json.dumps(answer, ensure_ascii=False)[:2000]}")
    if method == "POST" and isinstance(answer, dict):
        summary = {k: answer.get(k) for k in ("accepted", "duplicates", "rejected")}
        print(f"{method} {path} -> {status} {summary}")
    return answer


def send_chat_trace() -> str:
    """Curl examples 1, 2 and 3: trace + spans, span events, eval."""
    trace_id = str(uuid.uuid4())
    root_id, child_id = uuid.uuid4().hex, uuid.uuid4().hex
    request("POST", "/api/v1/ingest/traces", {
        "trace": {
            "trace_id": trace_id,
            "status": "running",
            "start_time": "2026-02-07T10:00:00Z",
            "model": "gpt-4.1-mini",
            "environment": "prod",
            "user_id": "u-1",
            "session_id": "s-1",
            "input_text": "질문",
            "output_text": "답변",
            "attributes": {"team": "search"},
            "user_review_passed": True,
        },
        "spans": [
            {
                "span_id": root_id,
                "trace_id": trace_id,
                "name": "root",
                "span_type": "llm",
                "status": "running",
                "start_time": "2026-02-07T10:00:01Z",
                "attributes": {"model": "gpt-4.1-mini"},
                "idempotency_key": f"{trace_id}-root-start",
            },
            {
                "span_id": child_id,
                "trace_id": trace_id,
                "parent_span_id": root_id,
                "name": "tool-call",
                "span_type": "tool",
                "status": "running",
                "start_time": "2026-02-07T10:00:02Z",
                "idempotency_key": f"{trace_id}-child-start",
            },
        ],
        "allow_missing_parent": True,
    })
    request("POST", "/api/v1/ingest/spans", {"events": [
        {
            "trace_id": trace_id,
            "span_id": child_id,
            "event_type": "LOG",
            "event_time": "2026-02-07T10:00:05Z",
            "payload": {"message": "tool started"},
            "idempotency_key": f"{trace_id}-log-1",
        },
        {
            "trace_id": trace_id,
            "span_id": root_id,
            "event_type": "AMENDMENT",
            "event_time": "2026-02-07T10:00:10Z",
            "payload": {"patch": {"attributes": {"retry": 1}}},
            "idempotency_key": f"{trace_id}-amd-1",
        },
        {
            "trace_id": trace_id,
            "span_id": child_id,
            "event_type": "END",
            "event_time": "2026-02-07T10:00:06Z",
            "payload": {"status": "success", "output": {"docs": 5}},
            "idempotency_key": f"{trace_id}-child-end",
        },
        {
            "trace_id": trace_id,
            "span_id": root_id,
            "event_type": "END",
            "event_time": "2026-02-07T10:00:11Z",
            "payload": {"status": "success", "output": "답변",
                        "usage": {"input_tokens": 120, "output_tokens": 40, "total_tokens": 160}},
            "idempotency_key": f"{trace_id}-root-end",
        },
    ]})
    request("POST", "/api/v1/evals", {
        "trace_id": trace_id,
        "eval_name": "faithfulness",
        "eval_model": "gpt-4.1-mini",
        "score": 0.78,
        "passed": True,
        "metadata": {"prompt_version": "v2"},
        "user_review_passed": True,
        "idempotency_key": f"{trace_id}-eval-1",
    })
    request("POST", "/api/v1/ingest/traces", {
        "trace": {"trace_id": trace_id, "status": "success", "end_time": "2026-02-07T10:00:12Z"},
        "spans": [],
        "idempotency_key": f"{trace_id}-trace-end",
    })
    return trace_id


def send_langgraph_run() -> str:
    """Curl example 2-1 (a LangGraph run), then a log event on a node and an eval."""
    trace_id = str(uuid.uuid4())
    run_id = f"lg-run-{uuid.uuid4().hex[:12]}"
    request("POST", "/api/v1/ingest/langgraph-runs", {
        "trace_id": trace_id,
        "run_id": run_id,
        "graph_name": "agent_router",
        "status": "success",
        "start_time": "2026-02-07T10:00:00Z",
        "end_time": "2026-02-07T10:00:04Z",
        "model": "gpt-4.1-mini",
        "environment": "prod",
        "nodes": [
            {
                "node_id": "plan",
                "node_name": "planner",
                "node_type": "router",
                "start_time": "2026-02-07T10:00:00Z",
                "end_time": "2026-02-07T10:00:01Z",
                "input_state": {"question": "..."},
                "output_state": {"route": "retrieval"},
                "idempotency_key": f"{run_id}-plan-1",
            },
            {
                "node_id": "retrieve",
                "node_name": "retrieval",
                "node_type": "tool",
                "parent_node_id": "plan",
                "start_time": "2026-02-07T10:00:01Z",
                "end_time": "2026-02-07T10:00:03Z",
                "input_state": {"route": "retrieval"},
                "output_state": {"docs": 5},
                "idempotency_key": f"{run_id}-retrieve-1",
            },
        ],
    })
    request("POST", "/api/v1/ingest/spans", {"events": [{
        "trace_id": trace_id,
        "span_id": "retrieve",
        "event_type": "LOG",
        "event_time": "2026-02-07T10:00:02Z",
        "payload": {"message": "retrieved 5 docs", "metadata": {"k": 5}},
        "idempotency_key": f"{run_id}-log-1",
    }]})
    request("POST", "/api/v1/evals", {"evals": [{
        "trace_id": trace_id,
        "eval_name": "answer_relevance",
        "score": 0.9,
        "passed": True,
        "idempotency_key": f"{run_id}-eval-1",
    }]})
    return trace_id


def check(trace_id: str) -> None:
    """Read the trace back and make sure spans are nested and the eval is there."""
    detail = request("GET", f"/api/v1/traces/{trace_id}")
    roots = detail.get("spans") or []
    if not any(root.get("children") for root in roots):
        raise ApiError(f"trace {trace_id}: spans are not nested: {json.dumps(roots)[:500]}")
    if not detail.get("evals"):
        raise ApiError(f"trace {trace_id}: eval missing")


def main() -> int:
    """Send both traces; returns the process exit code."""
    try:
        chat_trace = send_chat_trace()
        graph_trace = send_langgraph_run()
        check(chat_trace)
        check(graph_trace)
    except ApiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"chat trace:      trace_id={chat_trace}")
    print(f"langgraph trace: trace_id={graph_trace}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
