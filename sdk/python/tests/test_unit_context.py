"""Context propagation across threads and asyncio tasks."""
from __future__ import annotations

import asyncio
import contextvars
import threading
import unittest

from .fake_server import FakeTraceHub, client_for, reset_context


class ContextTests(unittest.TestCase):
    def setUp(self) -> None:
        reset_context()
        self.hub = FakeTraceHub().start()
        self.client = client_for(self.hub)

    def tearDown(self) -> None:
        self.client.shutdown(0.5)
        self.hub.stop()

    def test_threads_keep_separate_traces(self) -> None:
        results = {}
        barrier = threading.Barrier(4)

        def worker(n: int) -> None:
            trace_id = self.client.start_trace(name=f"thread-{n}")
            outer = self.client.start_span(f"outer-{n}")
            barrier.wait()  # all threads hold an open span at the same time
            inner = self.client.start_span(f"inner-{n}")
            self.client.log_event(f"log-{n}")
            self.client.end_span()
            current_after = self.client.current_span
            self.client.end_span()
            results[n] = (trace_id, outer, inner, current_after)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(5)
        self.assertEqual(len({r[0] for r in results.values()}), 4)
        for trace_id, outer, inner, current_after in results.values():
            self.assertEqual(outer.trace_id, trace_id)
            self.assertEqual(inner.trace_id, trace_id)
            self.assertEqual(inner.parent_span_id, outer.span_id)
            self.assertIs(current_after, outer)
        self.assertIsNone(self.client.current_trace_id, "threads do not leak into the main context")
        self.assertTrue(self.client.flush(5))
        logs = [e for e in self.hub.events() if e["event_type"] == "LOG"]
        for event in logs:
            n = int(event["payload"]["message"].split("-")[1])
            self.assertEqual(event["span_id"], results[n][2].span_id)

    def test_copied_context_carries_the_parent_into_a_thread(self) -> None:
        self.client.start_trace(name="copy")
        parent = self.client.start_span("parent")
        seen = {}

        def worker() -> None:
            child = self.client.start_span("child")
            seen["child"] = child
            self.client.end_span()

        ctx = contextvars.copy_context()
        thread = threading.Thread(target=ctx.run, args=(worker,))
        thread.start()
        thread.join(5)
        self.assertEqual(seen["child"].parent_span_id, parent.span_id)
        self.assertIs(self.client.current_span, parent)

    def test_asyncio_tasks_nest_under_the_spawning_span(self) -> None:
        client = self.client

        async def step(n: int):
            span = client.start_span(f"task-{n}")
            await asyncio.sleep(0.01 * (3 - n))
            inner = client.start_span(f"task-{n}-inner")
            await asyncio.sleep(0.01)
            client.log_event(f"task {n}")
            client.end_span()
            after = client.current_span
            client.end_span()
            return span, inner, after

        async def main():
            trace_id = client.start_trace(name="async")
            root = client.start_span("root")
            results = await asyncio.gather(*(step(n) for n in range(3)))
            current = client.current_span
            client.end_span()
            return trace_id, root, results, current

        trace_id, root, results, current = asyncio.run(main())
        self.assertIs(current, root, "tasks do not change the parent's current span")
        for span, inner, after in results:
            self.assertEqual(span.parent_span_id, root.span_id)
            self.assertEqual(inner.parent_span_id, span.span_id)
            self.assertIs(after, span)
            self.assertEqual(inner.trace_id, trace_id)
        self.assertTrue(self.client.flush(5))
        by_message = {e["payload"]["message"]: e["span_id"] for e in self.hub.events() if e["event_type"] == "LOG"}
        for n, (span, inner, _) in enumerate(results):
            self.assertEqual(by_message[f"task {n}"], inner.span_id)

    def test_ending_a_parent_first_keeps_context_sane(self) -> None:
        self.client.start_trace(name="odd order")
        outer = self.client.start_span("outer")
        inner = self.client.start_span("inner")
        outer.end()
        self.assertIs(self.client.current_span, inner)
        inner.end()
        self.assertIsNone(self.client.current_span)
        sibling = self.client.start_span("next")
        self.assertIsNone(sibling.parent_span_id)


if __name__ == "__main__":
    unittest.main()
