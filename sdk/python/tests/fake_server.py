"""A scriptable fake Trace Hub ingest server built on http.server, run in a thread."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple


class FakeTraceHub:
    """Records every request and answers like the ingest API (or as scripted).

    ``script`` is a list of ``(status, headers, body)`` answers consumed one per request before
    falling back to the normal ``200`` ingest result; ``delay`` slows every answer down.
    """

    def __init__(self) -> None:
        self.requests: List[Dict[str, Any]] = []
        self.script: List[Tuple[int, Dict[str, str], Any]] = []
        self.delay = 0.0
        self.lock = threading.Lock()
        self.seen_keys: set = set()
        handler = self._handler_class()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the server."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeTraceHub":
        """Start serving in a background thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop the server and close its socket."""
        self.server.shutdown()
        self.server.server_close()

    # -------------------------------------------------------------- recorded data
    def bodies(self, path_suffix: str) -> List[Any]:
        """Bodies of the requests whose path ends with ``path_suffix``."""
        with self.lock:
            return [r["body"] for r in self.requests if r["path"].endswith(path_suffix)]

    def events(self) -> List[dict]:
        """All span events received, in arrival order."""
        return [e for body in self.bodies("/ingest/spans") for e in body.get("events", [])]

    def evals(self) -> List[dict]:
        """All evals received."""
        out = []
        for body in self.bodies("/evals"):
            out.extend(body.get("evals", [body]))
        return out

    def traces(self) -> List[dict]:
        """All trace upserts received (the ``trace`` objects)."""
        return [b["trace"] for b in self.bodies("/ingest/traces")]

    def wait_for(self, predicate, timeout: float = 5.0) -> bool:
        """Poll ``predicate()`` until true or ``timeout``."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.02)
        return predicate()

    # -------------------------------------------------------------- HTTP handling
    def _answer(self, path: str, body: Any) -> Tuple[int, Dict[str, str], Any]:
        with self.lock:
            if self.script:
                return self.script.pop(0)
        items = []
        if isinstance(body, dict):
            items = body.get("events") or body.get("evals") or [body]
        accepted = duplicates = 0
        results = []
        for index, item in enumerate(items):
            key = item.get("idempotency_key") if isinstance(item, dict) else None
            with self.lock:
                duplicate = key is not None and key in self.seen_keys
                if key is not None:
                    self.seen_keys.add(key)
            status = "duplicate" if duplicate else "accepted"
            duplicates += duplicate
            accepted += not duplicate
            results.append({"index": index, "kind": "event", "id": str(index), "status": status})
        return 200, {}, {"accepted": accepted, "duplicates": duplicates, "rejected": 0, "items": results}

    def _handler_class(self):
        hub = self

        class Handler(BaseHTTPRequestHandler):
            """Records the request, then answers from the script or like the ingest API."""

            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                """Silence per-request logging."""

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                """Handle one ingest POST."""
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw.decode("utf-8")) if raw else None
                except ValueError:
                    body = None
                with hub.lock:
                    hub.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                         "time": time.monotonic()})
                if hub.delay:
                    time.sleep(hub.delay)
                status, headers, answer = hub._answer(self.path, body)
                data = json.dumps(answer).encode("utf-8")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def find_free_port() -> int:
    """Return a localhost port nobody listens on (for server-down tests)."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def client_for(hub: Optional[FakeTraceHub], **overrides: Any):
    """Return an ``LLMTraceClient`` pointed at ``hub`` with fast test settings."""
    from llm_trace_hub import LLMTraceClient
    settings = dict(api_key="test-key", flush_interval=0.05, backoff_base=0.01, backoff_max=0.05,
                    max_retries=5, retry_deadline=10.0, timeout=2.0, register_atexit=False)
    settings.update(overrides)
    return LLMTraceClient(base_url=hub.url if hub is not None else settings.pop("base_url"), **settings)


def reset_context() -> None:
    """Forget the current trace/span/run (tests share the main thread's context)."""
    from llm_trace_hub.context import current_run, current_span, current_trace_id
    current_trace_id.set(None)
    current_span.set(None)
    current_run.set(None)
