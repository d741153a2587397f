"""A/B test assignment computed locally (docs/ab-tests.md#assignment): no request on the hot path.

The rule is the server's (packages/server/src/ab-tests/assign.ts) and the TypeScript SDK's:
``h`` = first 8 bytes of SHA-256(UTF-8(salt + ":" + unit_id)) as an unsigned big-endian integer;
the unit gets the first variant ``i`` (in definition order) with ``h * W < C_i * 2**64``, where
``W`` is the sum of the whole-number weights and ``C_i`` the sum of the weights of variants 0..i.
"""
import hashlib
import threading
import time
import urllib.parse
from typing import Any, Dict, Optional

from . import _transport

_TWO_64 = 1 << 64


def unit_hash(salt: str, unit_id: str) -> int:
    """The 64-bit bucket of a unit."""
    digest = hashlib.sha256(f"{salt}:{unit_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def assign(test: Dict[str, Any], unit_id: str) -> Dict[str, Any]:
    """The variant of ``unit_id`` in ``test`` (a test as ``GET /api/v1/ab-tests/{id}`` answers it).

    Answers the variant's definition (``key``, ``model``, ``endpoint``, ``params`` …) with
    ``test_id`` and ``attributes``: pass those attributes to ``start_trace`` so every trace, eval
    and decision of the unit is attributed to the variant (``ab.test_id``, ``ab.variant``).
    """
    variants = test["variants"]
    h = unit_hash(str(test["salt"]), str(unit_id))
    total = sum(int(v["weight"]) for v in variants)
    cumulative = 0
    chosen = variants[-1]
    for variant in variants:
        cumulative += int(variant["weight"])
        if h * total < cumulative * _TWO_64:
            chosen = variant
            break
    return {**chosen, "test_id": test["test_id"],
            "attributes": {"ab.test_id": test["test_id"], "ab.variant": chosen["key"]}}


class ABTests:
    """Fetches test definitions once per ``ttl`` seconds and assigns units locally."""

    def __init__(self, base_url: str, api_key: Optional[str], ttl: float = 300.0, timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.ttl = ttl
        self.timeout = timeout
        self._cache: Dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, test_id: str) -> Optional[Dict[str, Any]]:
        """The test definition (cached); the last one fetched when the server is unreachable."""
        with self._lock:
            cached = self._cache.get(test_id)
        if cached and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        url = f"{self.base_url}/api/v1/ab-tests/{urllib.parse.quote(test_id, safe='')}"
        result = _transport.get_json(url, self.api_key, self.timeout)
        if result.ok and isinstance(result.body, dict):
            with self._lock:
                self._cache[test_id] = (time.monotonic(), result.body)
            return result.body
        return cached[1] if cached else None

    def assign(self, test_id: str, unit_id: str) -> Optional[Dict[str, Any]]:
        """The variant of ``unit_id``; None when the test was never fetched."""
        test = self.get(test_id)
        return assign(test, unit_id) if test else None
