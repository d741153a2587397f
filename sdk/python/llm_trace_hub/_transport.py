"""HTTP transport: one JSON POST with urllib, classified for the retry logic."""
from __future__ import annotations

import email.utils
import json
import socket
import time
import urllib.error
import urllib.request
from typing import Any, Optional

from ._version import __version__

#: HTTP statuses that are worth retrying.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
USER_AGENT = f"llm-trace-hub-python/{__version__}"


class SendResult:
    """Outcome of one HTTP attempt."""

    __slots__ = ("status", "body", "error", "retry_after")

    def __init__(self, status: Optional[int], body: Any = None, error: Optional[str] = None,
                 retry_after: Optional[float] = None) -> None:
        self.status = status
        self.body = body
        self.error = error
        self.retry_after = retry_after

    @property
    def ok(self) -> bool:
        """True for 2xx answers."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        """True for network errors and transient HTTP statuses."""
        return self.status is None or self.status in RETRYABLE_STATUSES

    def __repr__(self) -> str:
        return f"SendResult(status={self.status!r}, error={self.error!r})"


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """Parse a Retry-After header (delta seconds or HTTP date) into seconds from now."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return raw[:2000].decode("utf-8", errors="replace")


def build_headers(api_key: Optional[str]) -> dict:
    """Return the headers sent with every request."""
    headers = {"content-type": "application/json", "accept": "application/json",
               "user-agent": USER_AGENT}
    if api_key:
        headers["x-api-key"] = api_key
    return headers


def post_json(url: str, api_key: Optional[str], payload: Any, timeout: float) -> SendResult:
    """POST ``payload`` as JSON to ``url``; never raises, returns a :class:`SendResult`."""
    try:
        data = json.dumps(payload, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        return SendResult(400, error=f"payload is not JSON serializable: {exc}")
    request = urllib.request.Request(url, data=data, method="POST", headers=build_headers(api_key))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - user URL
            return SendResult(response.status, _decode(response.read()))
    except urllib.error.HTTPError as exc:
        try:
            body = _decode(exc.read())
        except Exception:  # noqa: BLE001 - a broken error body is not interesting
            body = None
        retry_after = parse_retry_after(exc.headers.get("Retry-After") if exc.headers else None)
        return SendResult(exc.code, body, error=f"HTTP {exc.code}", retry_after=retry_after)
    except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return SendResult(None, error=f"{type(exc).__name__}: {reason}")
    except Exception as exc:  # noqa: BLE001 - e.g. http.client.RemoteDisconnected / IncompleteRead
        return SendResult(None, error=f"{type(exc).__name__}: {exc}")


def get_json(url: str, api_key: Optional[str], timeout: float = 10.0) -> SendResult:
    """GET ``url`` and decode the JSON answer; never raises."""
    request = urllib.request.Request(url, method="GET", headers=build_headers(api_key))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - user URL
            return SendResult(response.status, _decode(response.read()))
    except urllib.error.HTTPError as exc:
        return SendResult(exc.code, _decode(exc.read()), error=f"HTTP {exc.code}")
    except Exception as exc:  # noqa: BLE001
        return SendResult(None, error=f"{type(exc).__name__}: {exc}")
