"""Delivery tests: batching, ordering, retries, Retry-After, overflow, server down."""
from __future__ import annotations

import logging
import os
import time
import unittest
from unittest import mock

from llm_trace_hub import LLMTraceClient
from llm_trace_hub._transport import parse_retry_after

from .fake_server import FakeTraceHub, client_for, find_free_port, reset_context


class SenderTestCase(unittest.TestCase):
    def setUp(self) -> None:
        reset_context()
        self.hub = FakeTraceHub().start()
        self.clients = []

    def tearDown(self) -> None:
        for client in self.clients:
            client.shutdown(0.5)
        self.hub.stop()

    def client(self, **overrides) -> LLMTraceClient:
        client = client_for(self.hub, **overrides)
        self.clients.append(client)
        return client


class BatchingTests(SenderTestCase):
    def test_events_are_batched_in_order(self) -> None:
        client = self.client(batch_size=50, flush_interval=5.0)
        client.start_trace(name="batch")
        span = client.start_span("work")
        for i in range(120):
            client.log_event(f"message {i}")
        client.end_span(span_id=span.span_id)
        self.assertTrue(client.flush(5))
        span_requests = self.hub.bodies("/ingest/spans")
        self.assertLessEqual(len(span_requests), 3)
        self.assertTrue(all(len(b["events"]) <= 50 for b in span_requests))
        events = self.hub.events()
        self.assertEqual([e["event_type"] for e in events], ["START"] + ["LOG"] * 120 + ["END"])
        self.assertEqual([e["payload"]["message"] for e in events[1:-1]], [f"message {i}" for i in range(120)])
        keys = [e["idempotency_key"] for e in events]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(client.stats["sent"], 123)
        self.assertEqual(client.dropped_count, 0)

    def test_trace_is_sent_before_its_events_and_evals(self) -> None:
        client = self.client(flush_interval=5.0)
        trace_id = client.start_trace(name="order")
        with client.start_span("step"):
            client.log_event("inside")
        client.attach_eval(eval_name="quality", score=1.0, trace_id=trace_id)
        client.end_trace(output_text="done")
        self.assertTrue(client.flush(5))
        paths = [r["path"] for r in self.hub.requests]
        self.assertEqual(paths, ["/api/v1/ingest/traces", "/api/v1/ingest/traces",
                                 "/api/v1/ingest/spans", "/api/v1/evals"])
        self.assertEqual(self.hub.traces()[1]["status"], "success")

    def test_headers_carry_the_api_key(self) -> None:
        client = self.client()
        client.start_trace(name="auth")
        client.flush(5)
        headers = {k.lower(): v for k, v in self.hub.requests[0]["headers"].items()}
        self.assertEqual(headers["x-api-key"], "test-key")
        self.assertEqual(headers["content-type"], "application/json")

    def test_env_defaults(self) -> None:
        env = {"TRACEHUB_HOST": self.hub.url + "/", "TRACEHUB_API_KEY": "env-key"}
        with mock.patch.dict(os.environ, env):
            client = LLMTraceClient(register_atexit=False, flush_interval=0.05)
        self.clients.append(client)
        self.assertEqual(client.base_url, self.hub.url)
        client.start_trace(name="env")
        client.flush(5)
        headers = {k.lower(): v for k, v in self.hub.requests[0]["headers"].items()}
        self.assertEqual(headers["x-api-key"], "env-key")


class RetryTests(SenderTestCase):
    def test_retry_after_two_503_then_success(self) -> None:
        self.hub.script = [(503, {}, {"error": "busy"}), (503, {}, {"error": "busy"})]
        client = self.client()
        client.start_trace(name="retry")
        self.assertTrue(client.flush(5))
        bodies = self.hub.bodies("/ingest/traces")
        self.assertEqual(len(bodies), 3)
        self.assertEqual(len({b["idempotency_key"] for b in bodies}), 1, "retries reuse the idempotency key")
        self.assertEqual(client.stats["sent"], 1)
        self.assertEqual(client.stats["retries"], 2)
        self.assertEqual(client.dropped_count, 0)

    def test_retry_after_header_is_honoured(self) -> None:
        self.hub.script = [(429, {"Retry-After": "1"}, {"error": "rate_limited"})]
        client = self.client()
        client.start_trace(name="rate-limited")
        self.assertTrue(client.flush(5))
        first, second = self.hub.requests[0]["time"], self.hub.requests[1]["time"]
        self.assertGreaterEqual(second - first, 0.9)
        self.assertEqual(client.stats["sent"], 1)

    def test_gives_up_after_max_retries(self) -> None:
        self.hub.script = [(500, {}, {})] * 10
        client = self.client(max_retries=2)
        with self.assertLogs("llm_trace_hub", level="WARNING"):
            client.start_trace(name="failing")
            client.flush(5)
        self.assertEqual(len(self.hub.requests), 3)
        self.assertEqual(client.dropped_count, 1)

    def test_client_errors_are_not_retried(self) -> None:
        self.hub.script = [(401, {}, {"error": "unauthorized"})]
        client = self.client()
        with self.assertLogs("llm_trace_hub", level="WARNING") as logs:
            client.start_trace(name="bad-key")
            client.flush(5)
        self.assertEqual(len(self.hub.requests), 1)
        self.assertIn("API key", "\n".join(logs.output))

    def test_rejected_batch_is_resent_item_by_item(self) -> None:
        client = self.client(flush_interval=5.0)
        client.start_trace(name="split")
        client.flush(5)
        self.hub.script = [(400, {}, {"error": "validation_error"})]
        client.start_span("a")
        client.log_event("x")
        client.end_span()
        client.flush(5)
        span_requests = self.hub.bodies("/ingest/spans")
        self.assertEqual([len(b["events"]) for b in span_requests], [3, 1, 1, 1])
        self.assertEqual(client.stats["sent"], 4)

    def test_partial_rejection_is_counted(self) -> None:
        answer = {"accepted": 1, "duplicates": 0, "rejected": 1,
                  "items": [{"index": 1, "status": "rejected", "reason": "unknown span"}]}
        client = self.client(flush_interval=5.0)
        client.start_trace(name="partial")
        client.flush(5)
        self.hub.script = [(207, {}, answer)]
        with self.assertLogs("llm_trace_hub", level="WARNING") as logs:
            client.log_event("one")
            client.log_event("two")
            client.flush(5)
        self.assertEqual(client.stats["rejected"], 1)
        self.assertIn("unknown span", "\n".join(logs.output))

    def test_parse_retry_after(self) -> None:
        self.assertEqual(parse_retry_after("3"), 3.0)
        self.assertIsNone(parse_retry_after("soon"))
        future = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
        self.assertAlmostEqual(parse_retry_after(future), 30, delta=2)


class RobustnessTests(SenderTestCase):
    def test_queue_overflow_drops_and_never_blocks(self) -> None:
        client = self.client(max_queue_size=10, batch_size=1000, flush_interval=60)
        with self.assertLogs("llm_trace_hub", level="WARNING") as logs:
            started = time.monotonic()
            client.start_trace(name="overflow")
            for i in range(24):
                client.log_event(f"event {i}")
            elapsed = time.monotonic() - started
        self.assertLess(elapsed, 0.5)
        self.assertEqual(client.dropped_count, 15)
        self.assertEqual(client.stats["dropped_overflow"], 15)
        self.assertEqual(len([line for line in logs.output if "queue is full" in line]), 1)
        self.assertTrue(client.flush(5))
        self.assertEqual(client.stats["sent"], 10)

    def test_server_down_does_not_hurt_the_app(self) -> None:
        client = client_for(None, base_url=f"http://127.0.0.1:{find_free_port()}",
                            max_retries=100, retry_deadline=60)
        self.clients.append(client)
        logging.getLogger("llm_trace_hub").disabled = True
        try:
            started = time.monotonic()
            trace_id = client.start_trace(name="down")
            with client.start_span("outer") as outer:
                inner = client.start_span("inner")
                client.log_event("still fine")
                client.end_span(span_id=inner.span_id)
            client.attach_eval(eval_name="e", score=1, trace_id=trace_id)
            client.end_trace()
            self.assertLess(time.monotonic() - started, 0.5)
            started = time.monotonic()
            self.assertFalse(client.flush(timeout=0.5))
            self.assertLess(time.monotonic() - started, 1.0)
            started = time.monotonic()
            client.shutdown(timeout=0.2)
            self.assertLess(time.monotonic() - started, 1.5)
        finally:
            logging.getLogger("llm_trace_hub").disabled = False
        self.assertTrue(outer.ended)

    def test_dead_server_costs_one_deadline_not_one_per_request(self) -> None:
        client = client_for(None, base_url=f"http://127.0.0.1:{find_free_port()}", max_retries=1000,
                            retry_deadline=0.3, flush_interval=5.0)
        self.clients.append(client)
        logging.getLogger("llm_trace_hub").disabled = True
        try:
            for n in range(5):
                client.start_trace(name=f"t{n}")  # five separate /ingest/traces requests
            started = time.monotonic()
            self.assertTrue(client.flush(timeout=5))
            self.assertLess(time.monotonic() - started, 1.5)
        finally:
            logging.getLogger("llm_trace_hub").disabled = False
        self.assertEqual(client.stats["dropped_failed"], 5)

    def test_slow_server_flush_respects_timeout(self) -> None:
        self.hub.delay = 1.0
        client = self.client(timeout=0.2, max_retries=50, retry_deadline=60)
        logging.getLogger("llm_trace_hub").disabled = True
        try:
            client.start_trace(name="slow")
            started = time.monotonic()
            self.assertFalse(client.flush(timeout=0.4))
            self.assertLess(time.monotonic() - started, 0.9)
        finally:
            logging.getLogger("llm_trace_hub").disabled = False
            self.hub.delay = 0

    def test_disabled_client_sends_nothing(self) -> None:
        client = self.client(enabled=False)
        client.start_trace(name="off")
        client.log_event("nothing")
        self.assertTrue(client.flush(1))
        self.assertEqual(self.hub.requests, [])


if __name__ == "__main__":
    unittest.main()
