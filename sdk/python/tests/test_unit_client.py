"""Payload tests: the seed's SDK example, nesting, span lifecycle, evals, end_trace."""
from __future__ import annotations

import re
import unittest
import uuid

from llm_trace_hub import LLMTraceClient

from .fake_server import FakeTraceHub, client_for, reset_context

HEX32 = re.compile(r"^[0-9a-f]{32}$")


class ClientTestCase(unittest.TestCase):
    def setUp(self) -> None:
        reset_context()
        self.hub = FakeTraceHub().start()
        self.client = client_for(self.hub)

    def tearDown(self) -> None:
        self.client.shutdown(0.5)
        self.hub.stop()

    def flushed_events(self):
        self.assertTrue(self.client.flush(5))
        return self.hub.events()


class SeedExampleTests(ClientTestCase):
    def test_seed_sdk_example_exactly(self) -> None:
        client = LLMTraceClient(base_url=self.hub.url, api_key="dev-key")
        try:
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
        finally:
            client.shutdown(1)
        self.assertEqual(str(uuid.UUID(trace_id)), trace_id)
        self.assertTrue(HEX32.match(span.span_id))
        self.assertEqual(span.trace_id, trace_id)

        body = self.hub.bodies("/ingest/traces")[0]
        self.assertEqual(body["spans"], [])
        self.assertTrue(body["idempotency_key"])
        trace = body["trace"]
        for key, value in {"trace_id": trace_id, "name": "chat-request", "input_text": "원금 보장 투자 추천해줘",
                           "model": "gpt-4.1-mini", "environment": "prod", "user_id": "user-42",
                           "session_id": "session-1", "status": "running"}.items():
            self.assertEqual(trace[key], value)

        start, log, end = self.hub.events()
        self.assertEqual(start["event_type"], "START")
        self.assertEqual(start["payload"]["name"], "retrieval")
        self.assertEqual(start["payload"]["span_type"], "tool")
        self.assertEqual(start["payload"]["attributes"], {"source": "kb"})
        self.assertNotIn("parent_span_id", start["payload"])
        self.assertEqual((log["event_type"], log["span_id"]), ("LOG", span.span_id))
        self.assertEqual(log["payload"], {"message": "retrieved 5 docs", "level": "INFO", "metadata": {"k": 5}})
        self.assertEqual((end["event_type"], end["payload"]["status"]), ("END", "success"))
        self.assertEqual(len({e["idempotency_key"] for e in (start, log, end)}), 3)

        (evaluation,) = self.hub.evals()
        self.assertEqual(evaluation["trace_id"], trace_id)
        self.assertEqual(evaluation["eval_name"], "faithfulness")
        self.assertEqual(evaluation["score"], 0.72)
        self.assertIs(evaluation["passed"], True)
        self.assertIs(evaluation["user_review_passed"], True)
        self.assertEqual(evaluation["source"], "sdk")


class SpanTests(ClientTestCase):
    def test_nested_spans_find_their_parent_and_pop_back(self) -> None:
        trace_id = self.client.start_trace(name="nest")
        outer = self.client.start_span("outer", span_type="chain")
        inner = self.client.start_span("inner", span_type="llm")
        self.assertEqual(inner.parent_span_id, outer.span_id)
        self.client.log_event("in inner")
        self.client.end_span(output={"answer": 42}, input_tokens=10, output_tokens=5)
        self.assertIs(self.client.current_span, outer)
        self.client.log_event("back in outer")
        self.client.end_span()
        self.assertIsNone(self.client.current_span)
        self.client.log_event("trace level")
        events = self.flushed_events()
        self.assertEqual([(e["event_type"], e.get("span_id")) for e in events], [
            ("START", outer.span_id), ("START", inner.span_id), ("LOG", inner.span_id), ("END", inner.span_id),
            ("LOG", outer.span_id), ("END", outer.span_id), ("LOG", None)])
        self.assertEqual(events[1]["payload"]["parent_span_id"], outer.span_id)
        self.assertEqual(events[3]["payload"]["output"], {"answer": 42})
        self.assertEqual(events[3]["payload"]["input_tokens"], 10)
        self.assertEqual(events[3]["payload"]["output_tokens"], 5)
        self.assertTrue(all(e["trace_id"] == trace_id for e in events))

    def test_context_manager_records_errors(self) -> None:
        self.client.start_trace(name="boom")
        with self.assertRaises(ValueError):
            with self.client.start_span("risky") as span:
                raise ValueError("bad input")
        self.assertTrue(span.ended)
        start, error, end = self.flushed_events()
        self.assertEqual(error["event_type"], "ERROR")
        self.assertEqual(error["payload"]["type"], "ValueError")
        self.assertIn("bad input", error["payload"]["stacktrace"])
        self.assertEqual(end["payload"]["status"], "error")

    def test_span_without_trace_starts_and_ends_one(self) -> None:
        with self.client.start_span("standalone") as span:
            pass
        self.client.flush(5)
        traces = self.hub.traces()
        self.assertEqual([t["trace_id"] for t in traces], [span.trace_id, span.trace_id])
        self.assertEqual(traces[0]["name"], "standalone")
        self.assertEqual(traces[1]["status"], "success")

    def test_end_trace(self) -> None:
        trace_id = self.client.start_trace(name="t")
        self.client.end_trace(status="error", output_text="failed")
        self.assertIsNone(self.client.current_trace_id)
        self.client.flush(5)
        closing = self.hub.bodies("/ingest/traces")[1]
        self.assertEqual(closing["spans"], [])
        self.assertEqual(closing["trace"]["trace_id"], trace_id)
        self.assertEqual(closing["trace"]["status"], "error")
        self.assertEqual(closing["trace"]["output_text"], "failed")
        self.assertRegex(closing["trace"]["end_time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")

    def test_explicit_parent_and_usage_dict(self) -> None:
        self.client.start_trace(name="explicit")
        root = self.client.start_span("root")
        self.client.end_span()
        child = self.client.start_span("late child", parent_span_id=root.span_id)
        self.assertEqual(child.parent_span_id, root.span_id)
        child.end(usage={"input_tokens": 3, "output_tokens": 4, "total_tokens": 7}, cost=0.01)
        end = self.flushed_events()[-1]
        self.assertEqual((end["payload"]["total_tokens"], end["payload"]["cost"]), (7, 0.01))

    def test_unserializable_values_never_raise(self) -> None:
        class Odd:
            def __repr__(self) -> str:
                return "<odd>"

        self.client.start_trace(name="odd", attributes={"obj": Odd()})
        with self.client.start_span("s", input={"x": Odd(), "n": float("nan"), "s": {1}}):
            self.client.log_event("m", metadata={"o": Odd()})
        events = self.flushed_events()
        self.assertEqual(events[0]["payload"]["input"], {"x": "<odd>", "n": None, "s": [1]})
        self.assertEqual(self.hub.traces()[0]["attributes"], {"obj": "<odd>"})

    def test_calls_without_trace_are_ignored_quietly(self) -> None:
        with self.assertLogs("llm_trace_hub", level="WARNING"):
            self.client.log_event("nowhere")
            self.client.end_span()
            self.client.attach_eval(eval_name="x", score=1.0)
        self.assertTrue(self.client.flush(2))
        self.assertEqual(self.hub.requests, [])


if __name__ == "__main__":
    unittest.main()
