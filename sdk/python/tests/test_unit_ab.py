"""A/B assignment: the documented rule (known buckets), weights, and cached definitions."""
from __future__ import annotations

import unittest
from unittest import mock

from llm_trace_hub import ABTests
from llm_trace_hub import _transport
from llm_trace_hub.ab import assign, unit_hash

TEST = {"test_id": "ab_1", "salt": "salt-1",
        "variants": [{"key": "control", "weight": 90}, {"key": "new_model", "weight": 10, "endpoint": "LLM_API_BASE_NEW_MODEL"}]}


class AssignTestCase(unittest.TestCase):
    def test_bucket_is_the_first_8_bytes_of_sha256_big_endian(self) -> None:
        # The same numbers Node's createHash('sha256')…readBigUInt64BE(0) gives (docs/ab-tests.md#assignment).
        self.assertEqual(unit_hash("salt-1", "s-1"), 15544319045201258922)
        self.assertEqual(unit_hash("salt-1", "세션-2"), 13813661382228903414)

    def test_weights_stickiness_and_attributes(self) -> None:
        keys = [assign(TEST, f"s-{i}")["key"] for i in range(5000)]
        self.assertEqual(keys, [assign(TEST, f"s-{i}")["key"] for i in range(5000)])
        self.assertTrue(0.08 < keys.count("new_model") / 5000 < 0.12)
        # s-1: 15544319045201258922 * 100 < 90 * 2**64 → control; s-19: 17753105941220798563 * 100 ≥ 90 * 2**64 → new_model.
        self.assertEqual(unit_hash("salt-1", "s-19"), 17753105941220798563)
        self.assertEqual(assign(TEST, "s-1")["key"], "control")
        chosen = assign(TEST, "s-19")
        self.assertEqual(chosen["key"], "new_model")
        self.assertEqual(chosen["endpoint"], "LLM_API_BASE_NEW_MODEL")
        self.assertEqual(chosen["attributes"], {"ab.test_id": "ab_1", "ab.variant": "new_model"})

    def test_definitions_are_cached_and_kept_when_the_server_is_down(self) -> None:
        ok = _transport.SendResult(200, TEST)
        down = _transport.SendResult(None, error="URLError: refused")
        with mock.patch.object(_transport, "get_json", side_effect=[ok, down]) as get:
            ab = ABTests("http://hub.test/", "k", ttl=0)
            self.assertEqual(ab.assign("new model", "s-19")["key"], "new_model")
            self.assertEqual(ab.assign("new model", "s-19")["key"], "new_model")
            self.assertEqual(get.call_args_list[0].args[0], "http://hub.test/api/v1/ab-tests/new%20model")
            self.assertEqual(get.call_count, 2)
        with mock.patch.object(_transport, "get_json", return_value=ok) as get:
            ab = ABTests("http://hub.test", "k")
            ab.get("ab_1")
            ab.get("ab_1")
            self.assertEqual(get.call_count, 1)
        with mock.patch.object(_transport, "get_json", return_value=down):
            self.assertIsNone(ABTests("http://hub.test", "k").assign("ab_1", "s-1"))


if __name__ == "__main__":
    unittest.main()
