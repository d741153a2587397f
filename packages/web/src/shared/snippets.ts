/** Copy-paste snippets for empty states: the curl and SDK calls that create the missing data. */
import type { Snippet } from './components/EmptyState';

const origin = () => (typeof location === 'undefined' ? 'http://localhost:3000' : location.origin);

/** Sending a first trace: curl, Python SDK, TypeScript SDK. */
export function traceSnippets(): Snippet[] {
  const host = origin();
  return [
    {
      label: 'curl',
      code: `curl -X POST ${host}/api/v1/ingest/traces \\
  -H 'x-api-key: <YOUR_API_KEY>' -H 'content-type: application/json' \\
  -d '{"trace": {"trace_id": "11111111-1111-1111-1111-111111111111", "status": "success",
       "start_time": "2026-02-07T10:00:00Z", "input_text": "질문", "output_text": "답변"},
       "spans": [{"span_id": "22222222-2222-2222-2222-222222222222", "name": "root", "span_type": "llm",
       "start_time": "2026-02-07T10:00:01Z", "end_time": "2026-02-07T10:00:02Z"}]}'`,
    },
    {
      label: 'Python SDK',
      code: `from llm_trace_hub import LLMTraceClient

client = LLMTraceClient(base_url="${host}", api_key="<YOUR_API_KEY>")
trace_id = client.start_trace(name="chat-request", input_text="질문", model="gpt-4.1-mini")
span = client.start_span("retrieval", span_type="tool")
client.end_span(status="success", span_id=span.span_id)
client.flush()`,
    },
    {
      label: 'TypeScript SDK',
      code: `import { createTraceHub } from '@tracehub/sdk';
const th = createTraceHub({ baseUrl: '${host}', apiKey: '<YOUR_API_KEY>' });
const span = th.startSpan('retrieval', { spanType: 'tool' });
span.end({ output: { docs: 5 } });
await th.flush();`,
    },
  ];
}

/** Attaching an evaluation result. */
export function evalSnippet(traceId: string): Snippet {
  return {
    label: 'curl',
    code: `curl -X POST ${origin()}/api/v1/evals -H 'x-api-key: <YOUR_API_KEY>' -H 'content-type: application/json' \\
  -d '{"trace_id": "${traceId}", "eval_name": "faithfulness", "score": 0.8, "passed": true}'`,
  };
}

/** Asking the decision engine about a trace. */
export function decideSnippet(traceId = '<TRACE_ID>'): Snippet {
  return {
    label: 'curl',
    code: `curl -X POST ${origin()}/api/v1/decide -H 'x-api-key: <YOUR_API_KEY>' -H 'content-type: application/json' \\
  -d '{"trace_id": "${traceId}", "request_payload": {"text": "..."}, "response_payload": {"text": "..."}}'`,
  };
}

/** Publishing a policy (YAML). */
export function policySnippet(): Snippet {
  return {
    label: 'curl',
    code: `curl -X POST ${origin()}/api/v1/policies -H 'x-api-key: <YOUR_ADMIN_KEY>' -H 'content-type: application/yaml' \\
  --data-binary @- <<'YAML'
name: pii-guard
definition:
  rules:
    - priority: 100
      when: {field: signals.pii, op: eq, value: true}
      then: {action: ESCALATE, reason_code: PII_DETECTED, severity: high}
YAML`,
  };
}

/** Pushing a prompt version. */
export function promptSnippets(): Snippet[] {
  return [
    {
      label: 'curl',
      code: `curl -X POST ${origin()}/api/v1/prompts -H 'x-api-key: <YOUR_API_KEY>' -H 'content-type: application/json' \\
  -d '{"name": "qa", "prompt": "Answer the question: {question}", "labels": ["staging"]}'`,
    },
    { label: 'CLI', code: 'tracehub prompt push targets/qa --label staging' },
  ];
}

/** Creating a dataset. */
export function datasetSnippets(): Snippet[] {
  return [
    {
      label: 'curl',
      code: `curl -X POST ${origin()}/api/v1/datasets/qa-set/items -H 'x-api-key: <YOUR_API_KEY>' -H 'content-type: application/json' \\
  -d '{"items": [{"input": {"question": "질문"}, "expected_output": "답변"}]}'`,
    },
    { label: 'CLI', code: 'tracehub dataset upload --name qa-set' },
  ];
}

/** Running an experiment (CLI). */
export function experimentSnippet(): Snippet {
  return {
    label: 'CLI',
    code: 'tracehub prompt push targets/qa --label staging\ntracehub dataset upload --name qa-set\ntracehub experiment run --help',
  };
}
