"""Small helpers: ids, wire times and turning arbitrary objects into JSON-safe values."""
from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import uuid
from typing import Any, Optional

_MAX_DEPTH = 20
_MAX_STR = 1_000_000


def new_trace_id() -> str:
    """Return a fresh trace id (a uuid4 string with dashes)."""
    return str(uuid.uuid4())


def new_span_id() -> str:
    """Return a fresh span id (a uuid4 hex string without dashes)."""
    return uuid.uuid4().hex


def new_idempotency_key(prefix: str) -> str:
    """Return a unique idempotency key such as ``span-start-<hex>``."""
    return f"{prefix}-{uuid.uuid4().hex}"


def now_iso() -> str:
    """Return the current UTC time as ISO 8601 with microseconds and a ``Z`` suffix."""
    return format_time(_dt.datetime.now(_dt.timezone.utc))


def format_time(value: Any) -> Any:
    """Format a datetime (naive means UTC) as ISO 8601; strings and epoch numbers pass through."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        value = value.astimezone(_dt.timezone.utc)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def epoch_ms(value: Any) -> Optional[float]:
    """Milliseconds since the epoch of a datetime, an ISO 8601 string or an epoch-milliseconds number; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.timestamp() * 1000.0
    return None


def to_jsonable(value: Any, _depth: int = 0) -> Any:
    """Convert ``value`` into something ``json.dumps`` accepts, never raising.

    Dataclasses, pydantic-style models (``model_dump``/``dict``), enums, sets, bytes,
    datetimes and arbitrary objects are handled; unknown objects become ``repr``.
    """
    try:
        if value is None or isinstance(value, (bool, int)):
            return value
        if isinstance(value, float):
            return value if value == value and value not in (float("inf"), float("-inf")) else None
        if isinstance(value, str):
            return value if len(value) <= _MAX_STR else value[:_MAX_STR]
        if _depth >= _MAX_DEPTH:
            return repr(value)[:1000]
        nxt = _depth + 1
        if isinstance(value, dict):
            return {str(k): to_jsonable(v, nxt) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [to_jsonable(v, nxt) for v in value]
        if isinstance(value, (_dt.datetime, _dt.date)):
            return format_time(value)
        if isinstance(value, enum.Enum):
            return to_jsonable(value.value, nxt)
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).decode("utf-8", errors="replace")
        if isinstance(value, uuid.UUID):
            return str(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return to_jsonable(dataclasses.asdict(value), nxt)
        for attr in ("model_dump", "dict", "to_dict"):
            method = getattr(value, attr, None)
            if callable(method):
                try:
                    return to_jsonable(method(), nxt)
                except Exception:  # noqa: BLE001 - fall through to the next strategy
                    continue
        return repr(value)[:10_000]
    except Exception:  # noqa: BLE001 - serialization must never break the host app
        return "<unserializable>"


def compact(mapping: dict) -> dict:
    """Return a copy of ``mapping`` without the keys whose value is ``None``."""
    return {k: v for k, v in mapping.items() if v is not None}


def as_object(value: Any) -> Optional[dict]:
    """Return ``value`` as a JSON object (dict) or ``None``; non-dicts are wrapped as ``{"value": ...}``."""
    if value is None:
        return None
    value = to_jsonable(value)
    return value if isinstance(value, dict) else {"value": value}
