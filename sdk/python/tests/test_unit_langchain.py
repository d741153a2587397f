"""LangChain callback handler tests, driven with stand-in objects (LangChain is not required)."""
from __future__ import annotations

import os
import subprocess
import sys
import unittest
import uuid
from types import SimpleNamespace

from .fake_server import FakeTraceHub, client_for, reset_context

SDK_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ImportTests(unittest.TestCase):
    def test_module_imports_without_langchain(self) -> None:
        code = ("import sys; sys.modules['langchain_core'] = None\n"
                "from llm_trace_hub.langchain import TraceHubCallbackHandler, LANGCHAIN_AVAILABLE\n"
                "assert not LANGCHAIN_AVAILABLE\n"
                "assert TraceHubCallbackHandler.__mro__[1] is object\n"
                "print('ok')")
        env = dict(os.environ, PYTHONPATH=SDK_ROOT)
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "ok")

    def test_subclasses_base_callback_handler_when_available(self) -> None:
        code = ("import sys, types\n"
                "pkg = types.ModuleType('langchain_core'); mod = types.ModuleType('langchain_core.callbacks')\n"
                "class BaseCallbackHandler:\n"
                "    def __init__(self):\n"
                "        self.initialised = True\n"
                "mod.BaseCallbackHandler = BaseCallbackHandler; pkg.callbacks = mod\n"
                "sys.modules.update({'langchain_core': pkg, 'langchain_core.callbacks': mod})\n"
                "from llm_trace_hub import LLMTraceClient\n"
                "from llm_trace_hub.langchain import TraceHubCallbackHandler, LANGCHAIN_AVAILABLE\n"
                "handler = TraceHubCallbackHandler(LLMTraceClient(base_url='http://127.0.0.1:9', enabled=False))\n"
                "assert LANGCHAIN_AVAILABLE and isinstance(handler, BaseCallbackHandler) and handler.initialised\n"
                "print('ok')")
        env = dict(os.environ, PYTHONPATH=SDK_ROOT)
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "ok")


class HandlerTests(unittest.TestCase):
    def setUp(self) -> None:
        reset_context()
        from llm_trace_hub.langchain import TraceHubCallbackHandler
        self.hub = FakeTraceHub().start()
        self.client = client_for(self.hub)
        self.handler = TraceHubCallbackHandler(self.client, trace_name="lc-run", user_id="u-1")

    def tearDown(self) -> None:
        self.client.shutdown(0.5)
        self.hub.stop()

    def test_chain_llm_tool_retriever_tree(self) -> None:
        h = self.handler
        chain, llm, tool, retriever = (uuid.uuid4() for _ in range(4))
        h.on_chain_start({"id": ["langchain", "chains", "AgentExecutor"]}, {"input": "hi"}, run_id=chain)
        h.on_chat_model_start({"name": "ChatOpenAI"}, [[SimpleNamespace(type="human", content="hi")]],
                              run_id=llm, parent_run_id=chain, invocation_params={"model": "gpt-4.1-mini"})
        message = SimpleNamespace(type="ai", content="hello", tool_calls=[], usage_metadata=None,
                                  response_metadata={})
        response = SimpleNamespace(
            generations=[[SimpleNamespace(text="hello", message=message, generation_info={})]],
            llm_output={"token_usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15},
                        "model_name": "gpt-4.1-mini-2025"})
        h.on_llm_end(response, run_id=llm)
        h.on_tool_start({"name": "search"}, "query", run_id=tool, parent_run_id=chain)
        h.on_agent_action(SimpleNamespace(tool="search", tool_input="query"), run_id=chain)
        h.on_tool_end(SimpleNamespace(content="3 results"), run_id=tool)
        h.on_retriever_start({"name": "kb"}, "refunds", run_id=retriever, parent_run_id=chain)
        h.on_retriever_end([SimpleNamespace(page_content="doc", metadata={"id": 1})], run_id=retriever)
        h.on_chain_end({"output": "final answer"}, run_id=chain)
        self.assertTrue(self.client.flush(5))

        traces = self.hub.traces()
        self.assertEqual(traces[0]["name"], "lc-run")
        self.assertEqual(traces[0]["user_id"], "u-1")
        self.assertEqual((traces[-1]["status"], traces[-1]["output_text"]), ("success", "final answer"))
        events = self.hub.events()
        starts = {e["payload"]["name"]: e for e in events if e["event_type"] == "START"}
        root = starts["AgentExecutor"]
        self.assertEqual(root["payload"]["span_type"], "chain")
        for name, kind in (("ChatOpenAI", "llm"), ("search", "tool"), ("kb", "retriever")):
            self.assertEqual(starts[name]["payload"]["parent_span_id"], root["span_id"])
            self.assertEqual(starts[name]["payload"]["span_type"], kind)
        self.assertEqual(starts["ChatOpenAI"]["payload"]["model"], "gpt-4.1-mini")
        self.assertEqual(starts["ChatOpenAI"]["payload"]["input"], [{"role": "human", "content": "hi"}])
        ends = {e["span_id"]: e["payload"] for e in events if e["event_type"] == "END"}
        llm_end = ends[starts["ChatOpenAI"]["span_id"]]
        self.assertEqual((llm_end["input_tokens"], llm_end["output_tokens"], llm_end["total_tokens"]), (12, 3, 15))
        self.assertEqual(llm_end["output"]["content"], "hello")
        self.assertEqual(ends[starts["search"]["span_id"]]["output"], "3 results")
        self.assertEqual(ends[starts["kb"]["span_id"]]["output"], [{"page_content": "doc", "metadata": {"id": 1}}])
        self.assertTrue(any(e["event_type"] == "LOG" and e["span_id"] == root["span_id"] for e in events))

    def test_usage_metadata_and_errors(self) -> None:
        h = self.handler
        chain, llm = uuid.uuid4(), uuid.uuid4()
        h.on_chain_start({"name": "graph"}, {"q": 1}, run_id=chain, metadata={"langgraph_node": "agent"})
        h.on_llm_start({"name": "llm"}, ["prompt"], run_id=llm, parent_run_id=chain)
        usage = {"input_tokens": 7, "output_tokens": 2, "total_tokens": 9,
                 "input_token_details": {"cache_read": 4}}
        message = SimpleNamespace(type="ai", content="x", usage_metadata=usage, response_metadata={})
        h.on_llm_end(SimpleNamespace(generations=[[SimpleNamespace(text="x", message=message)]], llm_output=None),
                     run_id=llm)
        h.on_chain_error(RuntimeError("kaput"), run_id=chain)
        self.client.flush(5)
        events = self.hub.events()
        llm_end = next(e for e in events if e["event_type"] == "END" and e["payload"].get("total_tokens"))
        self.assertEqual((llm_end["payload"]["input_tokens"], llm_end["payload"]["cached_input_tokens"]), (7, 4))
        self.assertEqual([e["payload"]["type"] for e in events if e["event_type"] == "ERROR"], ["RuntimeError"])
        self.assertEqual(self.hub.traces()[-1]["status"], "error")
        root_start = next(e for e in events if e["event_type"] == "START" and e["payload"]["name"] == "graph")
        self.assertEqual(root_start["payload"]["attributes"]["langchain.metadata"]["langgraph.node_name"], "agent")

    def test_root_run_joins_the_current_span(self) -> None:
        trace_id = self.client.start_trace(name="app")
        outer = self.client.start_span("request")
        run = uuid.uuid4()
        self.handler.on_chain_start({"name": "chain"}, {}, run_id=run)
        self.handler.on_chain_end({}, run_id=run)
        self.client.end_span()
        self.client.flush(5)
        start = next(e for e in self.hub.events() if e["event_type"] == "START" and e["payload"]["name"] == "chain")
        self.assertEqual((start["trace_id"], start["payload"]["parent_span_id"]), (trace_id, outer.span_id))
        self.assertEqual(len(self.hub.traces()), 1, "no extra trace is created")

    def test_unknown_run_ids_are_ignored(self) -> None:
        self.handler.on_chain_end({}, run_id=uuid.uuid4())
        self.handler.on_llm_error(RuntimeError("x"), run_id=uuid.uuid4())
        self.assertTrue(self.client.flush(1))


if __name__ == "__main__":
    unittest.main()
