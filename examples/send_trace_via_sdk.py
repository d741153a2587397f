#!/usr/bin/env python3
"""Send demo traces to Trace Hub with the Python SDK (standard library only).

Run from the repository root, no installation needed:

    TRACEHUB_HOST=http://localhost:3000 TRACEHUB_API_KEY=dev-key python3 examples/send_trace_via_sdk.py

Creates
  1. a chat trace with nested spans (pipeline > retrieval / generate), a log event, an eval and a
     LangGraph run attached to it node by node (graph root > router > policy_lookup);
  2. a LangGraph trace ingested as a whole run via /api/v1/ingest/langgraph-runs.
Prints the trace ids and exits non-zero when anything was not delivered or cannot be read back.
"""
import os
import sys
import uuid
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sdk", "python"))

from llm_trace_hub import LLMTraceClient  # noqa: E402  (needs the sys.path entry above)

HOST = os.environ.get("TRACEHUB_HOST", "http://localhost:3000")
API_KEY = os.environ.get("TRACEHUB_API_KEY", "dev-key")
QUESTION = "원금 보장 투자 추천해줘"


def send_chat_trace(client: LLMTraceClient) -> str:
    """A chat request: nested spans, a log event, a LangGraph run inside the trace and an eval."""
    trace_id = client.start_trace(
        name="chat-request",
        input_text=QUESTION,
        model="gpt-4.1-mini",
        environment="dev",
        user_id="user-42",
        session_id="session-1",
        tags=["example", "sdk"],
    )
    with client.start_span("answer-pipeline", span_type="chain", input={"question": QUESTION}):
        span = client.start_span("retrieval", span_type="tool", attributes={"source": "kb"})
        client.log_event("retrieved 5 docs", metadata={"k": 5})
        client.end_span(status="success", span_id=span.span_id, output={"docs": 5})

        llm = client.start_span("generate", span_type="llm", model="gpt-4.1-mini",
                                input=[{"role": "user", "content": QUESTION}])
        answer = "원금이 보장되는 투자 상품은 예금자 보호 대상 상품으로 한정됩니다."
        client.end_span(span_id=llm.span_id, output={"role": "assistant", "content": answer},
                        input_tokens=812, output_tokens=96, total_tokens=908)

    # A LangGraph run recorded node by node inside the same trace.
    client.start_langgraph_run(graph_name="compliance_check", run_id=f"lg-run-{uuid.uuid4().hex[:12]}",
                               trace_id=trace_id, input_state={"answer": answer})
    client.start_langgraph_node(node_id="router", node_name="intent_router", node_type="router",
                                input_state={"answer": answer})
    client.end_langgraph_node(node_id="router", output_state={"route": "policy_lookup"})
    client.start_langgraph_node(node_id="policy_lookup", node_name="policy_lookup", node_type="tool",
                                parent_node_id="router", input_state={"route": "policy_lookup"})
    client.log_event("policy found", metadata={"policy_id": "invest-guarantee-v2"})
    client.end_langgraph_node(node_id="policy_lookup", output_state={"policy_id": "invest-guarantee-v2"})
    client.end_langgraph_run(output_state={"compliant": True})

    client.attach_eval(
        eval_name="faithfulness",
        eval_model="gpt-4.1-mini",
        score=0.72,
        passed=True,
        trace_id=trace_id,
        user_review_passed=True,
    )
    client.end_trace(trace_id, status="success", output_text=answer)
    return trace_id


def send_langgraph_run(client: LLMTraceClient) -> str:
    """A finished LangGraph run sent in one call, plus a log event and an eval on it."""
    run_id = f"lg-run-{uuid.uuid4().hex[:12]}"
    # A finished run says when it and each node started and ended (here: 1.4 s that just finished);
    # without end times its spans would stay open in a "success" trace.
    end = datetime.now(timezone.utc)
    start = end - timedelta(milliseconds=1400)
    trace_id = client.ingest_langgraph_run(
        graph_name="agent_router",
        run_id=run_id,
        status="success",
        start_time=start,
        end_time=end,
        model="gpt-4.1-mini",
        environment="dev",
        input_text="환불 규정 알려줘",
        output_text="환불은 구매 후 14일 이내 가능합니다.",
        nodes=[
            {"node_id": "plan", "node_name": "planner", "node_type": "router",
             "start_time": start, "end_time": start + timedelta(milliseconds=350),
             "input_state": {"question": "환불 규정 알려줘"}, "output_state": {"route": "retrieval"}},
            {"node_id": "retrieve", "node_name": "retrieval", "node_type": "tool", "parent_node_id": "plan",
             "start_time": start + timedelta(milliseconds=350), "end_time": start + timedelta(milliseconds=1300),
             "input_state": {"route": "retrieval"}, "output_state": {"docs": 5}},
        ],
    )
    client.flush()  # the run must exist before events and evals refer to it
    client.log_event("langgraph run ingested", metadata={"nodes": 2}, trace_id=trace_id, span_id="retrieve")
    client.attach_eval(eval_name="answer_relevance", score=0.9, passed=True, trace_id=trace_id)
    return trace_id


def verify(client: LLMTraceClient, trace_id: str) -> list:
    """Read the trace back; return a list of problems (empty when fine)."""
    detail = client.get_trace(trace_id)
    if detail is None:
        return [f"GET /api/v1/traces/{trace_id} failed"]
    problems = []
    if not detail.get("spans"):
        problems.append(f"{trace_id}: no spans")
    trace = detail.get("trace") or {}
    if trace.get("open_span_count"):
        problems.append(f"{trace_id}: {trace['open_span_count']} spans still open in a {trace.get('status')} trace")
    if not detail.get("evals"):
        problems.append(f"{trace_id}: no evals")
    if not any((e.get("event_type") or "").upper() == "LOG" for e in detail.get("timeline", [])):
        problems.append(f"{trace_id}: no LOG event on the timeline")
    return problems


def main() -> int:
    """Send the demo traces and report; returns the process exit code."""
    client = LLMTraceClient(base_url=HOST, api_key=API_KEY, retry_deadline=10)
    chat_trace = send_chat_trace(client)
    graph_trace = send_langgraph_run(client)
    drained = client.flush(timeout=30)
    stats = client.stats
    client.shutdown()
    print(f"chat trace:      trace_id={chat_trace}")
    print(f"langgraph trace: trace_id={graph_trace}")
    print(f"delivery: {stats}")
    problems = []
    if not drained or client.dropped_count or stats["rejected"]:
        problems.append(f"not everything was delivered to {HOST} (see the log above)")
    else:
        problems += verify(client, chat_trace) + verify(client, graph_trace)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print(f"open {HOST}/traces/{chat_trace} to see it")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
