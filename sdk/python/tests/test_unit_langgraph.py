"""LangGraph tests: the seed's node-level example and whole-run ingestion."""
from __future__ import annotations

import unittest

from llm_trace_hub import LLMTraceClient

from .fake_server import FakeTraceHub, client_for, reset_context


class LangGraphTests(unittest.TestCase):
    def setUp(self) -> None:
        reset_context()
        self.hub = FakeTraceHub().start()

    def tearDown(self) -> None:
        self.hub.stop()

    def test_seed_langgraph_example_exactly(self) -> None:
        client = LLMTraceClient(base_url=self.hub.url, api_key="dev-key")
        try:
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
        finally:
            client.shutdown(1)

        (trace,) = self.hub.traces()
        self.assertEqual(trace["trace_id"], trace_id)
        self.assertEqual(trace["name"], "agent_router")
        self.assertEqual(trace["attributes"]["langgraph.run_id"], "lg-run-002")
        starts = {e["payload"]["name"]: e for e in self.hub.events() if e["event_type"] == "START"}
        root, router, lookup = starts["agent_router"], starts["intent_router"], starts["policy_lookup"]
        self.assertEqual(root["payload"]["span_type"], "graph")
        self.assertNotIn("parent_span_id", root["payload"])
        self.assertEqual(root["payload"]["attributes"], {"langgraph.run_id": "lg-run-002",
                                                         "langgraph.graph_name": "agent_router"})
        self.assertEqual(router["payload"]["parent_span_id"], root["span_id"])
        self.assertEqual(router["payload"]["span_type"], "router")
        self.assertEqual(router["payload"]["input"], {"question": "환불 규정 알려줘"})
        self.assertEqual(router["payload"]["attributes"]["langgraph.node_id"], "router")
        self.assertEqual(router["payload"]["attributes"]["langgraph.node_name"], "intent_router")
        self.assertEqual(lookup["payload"]["parent_span_id"], router["span_id"])
        self.assertEqual(lookup["payload"]["attributes"]["langgraph.parent_node_id"], "router")
        self.assertEqual(lookup["payload"]["attributes"]["langgraph.node_type"], "tool")
        ends = {e["span_id"]: e for e in self.hub.events() if e["event_type"] == "END"}
        self.assertEqual(ends[router["span_id"]]["payload"]["output"], {"route": "policy_lookup"})
        self.assertEqual(ends[lookup["span_id"]]["payload"]["output"], {"policy_id": "refund-v3"})
        self.assertNotIn(root["span_id"], ends, "the seed never ends the run, so the root stays open")

    def test_node_logs_and_run_end(self) -> None:
        client = client_for(self.hub)
        try:
            trace_id = client.start_langgraph_run("g", input_text="hi")
            node = client.start_langgraph_node("a", node_type="llm")
            client.log_event("inside a")
            again = client.start_langgraph_node("b")
            client.end_langgraph_run(output_text="bye")
            self.assertIsNone(client.current_span)
            client.flush(5)
        finally:
            client.shutdown(0.5)
        events = self.hub.events()
        root = next(e for e in events if e["event_type"] == "START" and e["payload"]["span_type"] == "graph")
        self.assertEqual(node.parent_span_id, root["span_id"])
        self.assertEqual(again.parent_span_id, root["span_id"], "without parent_node_id a node hangs off the root")
        log = next(e for e in events if e["event_type"] == "LOG")
        self.assertEqual(log["span_id"], node.span_id)
        ended = [e["span_id"] for e in events if e["event_type"] == "END"]
        self.assertEqual(len(ended), 3)
        closing = self.hub.traces()[-1]
        self.assertEqual((closing["trace_id"], closing["status"], closing["output_text"]), (trace_id, "success", "bye"))

    def test_ingest_langgraph_run_body(self) -> None:
        client = client_for(self.hub)
        try:
            trace_id = client.ingest_langgraph_run(
                graph_name="agent_router",
                run_id="lg-run-001",
                trace_id="33333333-3333-3333-3333-333333333333",
                status="success",
                start_time="2026-02-07T10:00:00Z",
                end_time="2026-02-07T10:00:04Z",
                model="gpt-4.1-mini",
                environment="prod",
                nodes=[
                    {"node_id": "plan", "node_name": "planner", "node_type": "router",
                     "start_time": "2026-02-07T10:00:00Z", "end_time": "2026-02-07T10:00:01Z",
                     "input_state": {"question": "..."}, "output_state": {"route": "retrieval"},
                     "idempotency_key": "plan-1"},
                    {"node_id": "retrieve", "node_name": "retrieval", "node_type": "tool",
                     "parent_node_id": "plan", "input_state": {"route": "retrieval"},
                     "output_state": {"docs": 5}},
                ],
            )
            client.flush(5)
        finally:
            client.shutdown(0.5)
        self.assertEqual(trace_id, "33333333-3333-3333-3333-333333333333")
        (body,) = self.hub.bodies("/ingest/langgraph-runs")
        self.assertEqual(body["graph_name"], "agent_router")
        self.assertEqual(body["run_id"], "lg-run-001")
        self.assertTrue(body["idempotency_key"])
        self.assertEqual(body["nodes"][0]["idempotency_key"], "plan-1")
        self.assertTrue(body["nodes"][1]["idempotency_key"].startswith("node-retrieve"))
        self.assertEqual(body["nodes"][1]["parent_node_id"], "plan")

    def test_ingest_langgraph_run_ends_what_it_starts(self) -> None:
        client = client_for(self.hub)
        try:
            client.ingest_langgraph_run(
                graph_name="g", status="success",
                nodes=[
                    {"node_id": "a", "start_time": "2026-02-07T10:00:01Z", "end_time": "2026-02-07T10:00:03Z"},
                    {"node_id": "b", "start_time": 1770458400000, "end_time": "2026-02-07T10:00:05Z"},
                ],
            )
            client.ingest_langgraph_run(graph_name="open", status="running", nodes=[{"node_id": "c"}])
            client.ingest_langgraph_run(graph_name="partly", nodes=[{"node_id": "d", "end_time": "2026-02-07T10:00:02Z"}, {"node_id": "e"}])
            client.flush(5)
        finally:
            client.shutdown(0.5)
        done, running, partly = self.hub.bodies("/ingest/langgraph-runs")
        # Run times come from its nodes: the earliest start and the latest end.
        self.assertEqual((done["start_time"], done["end_time"]), (1770458400000, "2026-02-07T10:00:05Z"))
        self.assertEqual([n["end_time"] for n in done["nodes"]], ["2026-02-07T10:00:03Z", "2026-02-07T10:00:05Z"])
        # A running run leaves its nodes open; its nodes start with the run.
        self.assertNotIn("end_time", running)
        self.assertNotIn("end_time", running["nodes"][0])
        self.assertEqual(running["nodes"][0]["start_time"], running["start_time"])
        # A finished run with a node lacking its end: that node and the run end now.
        self.assertEqual(partly["nodes"][0]["end_time"], "2026-02-07T10:00:02Z")
        self.assertEqual(partly["nodes"][1]["end_time"], partly["end_time"])
        self.assertNotEqual(partly["end_time"], "2026-02-07T10:00:02Z")


if __name__ == "__main__":
    unittest.main()
