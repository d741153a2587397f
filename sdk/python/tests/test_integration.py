"""Integration tests against a real Trace Hub server.

Set TRACEHUB_TEST_URL (e.g. http://localhost:3000) and TRACEHUB_TEST_API_KEY (default dev-key).
Without TRACEHUB_TEST_URL every test here FAILS on purpose; run the unit tests alone with
``python3 -m unittest discover -s sdk/python/tests -t sdk/python -p 'test_unit*.py'``.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import unittest
import uuid
from types import SimpleNamespace

from llm_trace_hub import LLMTraceClient
from llm_trace_hub._transport import get_json, post_json

from .fake_server import reset_context

URL = (os.environ.get("TRACEHUB_TEST_URL") or "").rstrip("/")
KEY = os.environ.get("TRACEHUB_TEST_API_KEY") or "dev-key"
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
NOT_CONFIGURED = ("TRACEHUB_TEST_URL is not set: the integration tests need a running Trace Hub server "
                  "(e.g. TRACEHUB_TEST_URL=http://localhost:3000 TRACEHUB_TEST_API_KEY=dev-key). "
                  "To run only the unit tests use -p 'test_unit*.py'.")


def walk(spans, parent=None):
    """Yield (span, parent) for every span of the nested ``spans`` tree."""
    for span in spans or []:
        yield span, parent
        yield from walk(span.get("children"), span)


def by_name(detail: dict) -> dict:
    """Map span name -> (span, parent) over the whole tree of a trace detail."""
    return {span["name"]: (span, parent) for span, parent in walk(detail.get("spans"))}


class IntegrationTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self) -> None:
        if not URL:
            self.fail(NOT_CONFIGURED)
        reset_context()
        self.client = LLMTraceClient(base_url=URL, api_key=KEY, register_atexit=False, flush_interval=0.2)

    def tearDown(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.shutdown(5)

    def flush_ok(self, client: LLMTraceClient) -> None:
        self.assertTrue(client.flush(30), f"flush did not drain: {client.stats}")
        stats = client.stats
        self.assertEqual((stats["dropped_overflow"], stats["dropped_failed"], stats["rejected"]), (0, 0, 0),
                         f"items were not accepted: {stats}")

    def fetch(self, trace_id: str, ready=lambda detail: True, timeout: float = 10.0) -> dict:
        """GET the trace detail, polling until ``ready(detail)`` holds."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            result = get_json(f"{URL}/api/v1/traces/{trace_id}", KEY)
            last = result
            if result.ok and isinstance(result.body, dict):
                try:
                    if ready(result.body):
                        return result.body
                except (KeyError, TypeError, IndexError):
                    pass
            if time.monotonic() > deadline:
                self.fail(f"trace {trace_id} not as expected: HTTP {last.status} {str(last.body)[:3000]}")
            time.sleep(0.2)

    def assert_logged(self, detail: dict, message: str, span_id=None) -> None:
        entries = [e for e in detail["timeline"] if (e.get("event_type") or e.get("kind") or "").upper() == "LOG"]
        matches = [e for e in entries if isinstance(e.get("payload"), dict) and e["payload"].get("message") == message]
        self.assertTrue(matches, f"LOG {message!r} not on the timeline: {detail['timeline']}")
        if span_id is not None:
            self.assertEqual(matches[0]["span_id"], span_id)


class SeedExampleTests(IntegrationTestCase):
    def test_seed_sdk_example(self) -> None:
        client = LLMTraceClient(base_url=URL, api_key=KEY)
        trace_id = client.start_trace(
            name="chat-request",
            input_text="원금 보장 투자 추천해줘",
            model="gpt-4.1-mini",
            environment="prod",
            user_id="user-42",
            session_id="session-1",
        )

        span = client.start_span("retrieval", span_type="tool", attributes={"source": "kb"})
        client.log_event("retrieved 5 docs", metadata={"k": 5})
        client.end_span(status="success", span_id=span.span_id)

        client.attach_eval(
            eval_name="faithfulness",
            eval_model="gpt-4.1-mini",
            score=0.72,
            passed=True,
            trace_id=trace_id,
            user_review_passed=True,
        )

        client.flush()
        self.flush_ok(client)
        client.shutdown(5)

        detail = self.fetch(trace_id, lambda d: d["evals"] and "retrieval" in by_name(d))
        trace = detail["trace"]
        self.assertEqual((trace["name"], trace["input_text"], trace["model"], trace["environment"],
                          trace["user_id"], trace["session_id"]),
                         ("chat-request", "원금 보장 투자 추천해줘", "gpt-4.1-mini", "prod", "user-42", "session-1"))
        retrieval, _ = by_name(detail)["retrieval"]
        self.assertEqual((retrieval["span_id"], retrieval["span_type"], retrieval["status"]),
                         (span.span_id, "tool", "success"))
        self.assertEqual(retrieval["attributes"].get("source"), "kb")
        self.assertIsNotNone(retrieval["end_time"])
        self.assert_logged(detail, "retrieved 5 docs", span.span_id)
        (evaluation,) = detail["evals"]
        self.assertEqual((evaluation["eval_name"], evaluation["eval_model"], evaluation["score"],
                          evaluation["passed"], evaluation["user_review_passed"]),
                         ("faithfulness", "gpt-4.1-mini", 0.72, True, True))

    def test_seed_langgraph_example(self) -> None:
        client = self.client
        trace_id = client.start_langgraph_run(
            graph_name="agent_router",
            run_id="lg-run-002",
            input_text="환불 규정 알려줘",
            model="gpt-4.1-mini",
        )

        client.start_langgraph_node(
            node_id="router",
            node_name="intent_router",
            node_type="router",
            input_state={"question": "환불 규정 알려줘"},
        )
        client.end_langgraph_node(
            node_id="router",
            output_state={"route": "policy_lookup"},
        )

        client.start_langgraph_node(
            node_id="policy_lookup",
            node_name="policy_lookup",
            node_type="tool",
            parent_node_id="router",
            input_state={"route": "policy_lookup"},
        )
        client.end_langgraph_node(
            node_id="policy_lookup",
            output_state={"policy_id": "refund-v3"},
        )
        client.flush()
        self.flush_ok(client)

        detail = self.fetch(trace_id, lambda d: "policy_lookup" in by_name(d))
        self.assertEqual(detail["trace"]["name"], "agent_router")
        self.assertEqual(len(detail["spans"]), 1, "one root span")
        root = detail["spans"][0]
        self.assertEqual((root["name"], root["span_type"]), ("agent_router", "graph"))
        self.assertEqual(root["attributes"].get("langgraph.run_id"), "lg-run-002")
        self.assertEqual(root["attributes"].get("langgraph.graph_name"), "agent_router")
        spans = by_name(detail)
        router, router_parent = spans["intent_router"]
        lookup, lookup_parent = spans["policy_lookup"]
        self.assertIs(router_parent, root)
        self.assertIs(lookup_parent, router)
        self.assertEqual((router["span_type"], router["status"]), ("router", "success"))
        self.assertEqual(router["attributes"].get("langgraph.node_id"), "router")
        self.assertEqual(router["output"], {"route": "policy_lookup"})
        self.assertEqual(lookup["attributes"].get("langgraph.parent_node_id"), "router")
        self.assertEqual(lookup["input"], {"route": "policy_lookup"})
        self.assertEqual(lookup["output"], {"policy_id": "refund-v3"})


class ApiBehaviourTests(IntegrationTestCase):
    def test_nested_spans_and_end_trace(self) -> None:
        client = self.client
        trace_id = client.start_trace(name="nested", input_text="q")
        with client.start_span("outer", span_type="chain") as outer:
            with client.start_span("middle", span_type="agent") as middle:
                inner = client.start_span("inner", span_type="llm", model="gpt-4.1-mini", input=[{"role": "user"}])
                client.log_event("deep", metadata={"depth": 3})
                client.end_span(span_id=inner.span_id, output="ok", input_tokens=10, output_tokens=5, total_tokens=15)
        client.end_trace(trace_id, output_text="a")
        self.flush_ok(client)
        detail = self.fetch(trace_id, lambda d: by_name(d)["inner"][0]["end_time"] and d["trace"]["status"] == "success")
        spans = by_name(detail)
        self.assertIsNone(spans["outer"][1])
        self.assertIs(spans["middle"][1], spans["outer"][0])
        self.assertIs(spans["inner"][1], spans["middle"][0])
        inner_view = spans["inner"][0]
        self.assertEqual((inner_view["input_tokens"], inner_view["output_tokens"], inner_view["total_tokens"]),
                         (10, 5, 15))
        self.assertEqual(inner_view["output"], "ok")
        self.assertEqual(detail["trace"]["output_text"], "a")
        self.assertFalse(detail["has_open_spans"])
        self.assert_logged(detail, "deep", inner.span_id)
        self.assertEqual((outer.trace_id, middle.trace_id), (trace_id, trace_id))

    def test_ingest_langgraph_run(self) -> None:
        run_id = f"lg-run-{uuid.uuid4().hex[:8]}"
        trace_id = self.client.ingest_langgraph_run(
            graph_name="agent_router", run_id=run_id, status="success",
            start_time="2026-02-07T10:00:00Z", end_time="2026-02-07T10:00:04Z", model="gpt-4.1-mini",
            nodes=[{"node_id": "plan", "node_name": "planner", "node_type": "router",
                    "start_time": "2026-02-07T10:00:00Z", "end_time": "2026-02-07T10:00:01Z",
                    "input_state": {"question": "..."}, "output_state": {"route": "retrieval"}},
                   {"node_id": "retrieve", "node_name": "retrieval", "node_type": "tool", "parent_node_id": "plan",
                    "start_time": "2026-02-07T10:00:01Z", "end_time": "2026-02-07T10:00:03Z",
                    "input_state": {"route": "retrieval"}, "output_state": {"docs": 5}}])
        self.flush_ok(self.client)
        detail = self.fetch(trace_id, lambda d: "retrieval" in by_name(d))
        root = detail["spans"][0]
        self.assertEqual((root["span_id"], root["span_type"]), (run_id, "graph"))
        spans = by_name(detail)
        self.assertIs(spans["planner"][1], root)
        self.assertIs(spans["retrieval"][1], spans["planner"][0])
        self.assertEqual(spans["retrieval"][0]["output"], {"docs": 5})

    def test_same_idempotency_keys_do_not_duplicate(self) -> None:
        trace_id = self.client.start_trace(name="idempotent")
        span = self.client.start_span("s")
        self.flush_ok(self.client)
        body = {"events": [{"trace_id": trace_id, "span_id": span.span_id, "event_type": "LOG",
                            "payload": {"message": "once"}, "idempotency_key": f"log-{uuid.uuid4().hex}"}]}
        first = post_json(f"{URL}/api/v1/ingest/spans", KEY, body, 10)
        second = post_json(f"{URL}/api/v1/ingest/spans", KEY, body, 10)
        self.assertEqual((first.status, first.body["accepted"]), (200, 1), first.body)
        self.assertEqual((second.status, second.body["duplicates"]), (200, 1), second.body)
        detail = self.fetch(trace_id)
        logs = [e for e in detail["timeline"] if isinstance(e.get("payload"), dict) and e["payload"].get("message") == "once"]
        self.assertEqual(len(logs), 1)

    def test_eval_for_unknown_trace_is_rejected_not_raised(self) -> None:
        with self.assertLogs("llm_trace_hub", level="WARNING"):
            self.client.attach_eval(eval_name="x", score=1.0, trace_id=str(uuid.uuid4()))
            self.assertTrue(self.client.flush(10))
        self.assertEqual(self.client.stats["rejected"], 1)

    def test_langchain_handler(self) -> None:
        from llm_trace_hub.langchain import TraceHubCallbackHandler
        handler = TraceHubCallbackHandler(self.client, trace_name="lc")
        chain, llm = uuid.uuid4(), uuid.uuid4()
        handler.on_chain_start({"name": "RunnableSequence"}, {"input": "hi"}, run_id=chain)
        handler.on_llm_start({"name": "FakeLLM"}, ["hi"], run_id=llm, parent_run_id=chain)
        gen = SimpleNamespace(text="hello", generation_info={"usage": {"prompt_tokens": 2, "completion_tokens": 1}})
        handler.on_llm_end(SimpleNamespace(generations=[[gen]], llm_output=None), run_id=llm)
        handler.on_chain_end({"output": "hello"}, run_id=chain)
        self.flush_ok(self.client)
        detail = self.fetch(handler.last_trace_id, lambda d: d["trace"]["status"] == "success")
        self.assertEqual((detail["trace"]["name"], detail["trace"]["output_text"]), ("lc", "hello"))
        spans = by_name(detail)
        llm_span, parent = spans["FakeLLM"]
        self.assertIs(parent, spans["RunnableSequence"][0])
        self.assertEqual((llm_span["span_type"], llm_span["input_tokens"], llm_span["output_tokens"]), ("llm", 2, 1))


class ExampleScriptTests(IntegrationTestCase):
    def run_example(self, name: str) -> list:
        env = dict(os.environ, TRACEHUB_HOST=URL, TRACEHUB_API_KEY=KEY)
        result = subprocess.run([sys.executable, os.path.join("examples", name)], cwd=REPO_ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, f"{name} failed:\n{result.stdout}\n{result.stderr}")
        ids = re.findall(r"trace_id=([0-9a-fA-F-]{36})", result.stdout)
        self.assertTrue(ids, f"{name} printed no trace ids:\n{result.stdout}")
        return ids

    def check_example_trace(self, trace_id: str) -> None:
        detail = self.fetch(trace_id, lambda d: d["evals"] and d["spans"])
        depth = max(self.depth(s) for s in detail["spans"])
        self.assertGreaterEqual(depth, 2, "spans are nested")
        self.assertTrue(any((e.get("event_type") or "").upper() == "LOG" for e in detail["timeline"]))
        self.assertTrue(any("langgraph.node_id" in s["attributes"] for s, _ in walk(detail["spans"])))

    def depth(self, span: dict) -> int:
        return 1 + max((self.depth(c) for c in span.get("children") or []), default=0)

    def test_send_trace_via_sdk(self) -> None:
        ids = self.run_example("send_trace_via_sdk.py")
        self.check_example_trace(ids[0])

    def test_send_trace_via_api(self) -> None:
        ids = self.run_example("send_trace_via_api.py")
        for trace_id in ids:
            self.fetch(trace_id, lambda d: d["spans"])
        self.check_example_trace(ids[-1])


if __name__ == "__main__":
    unittest.main()
