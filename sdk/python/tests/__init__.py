"""Tests of the llm_trace_hub SDK (unit: test_unit_*.py, integration: test_integration.py)."""
