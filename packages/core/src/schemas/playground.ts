/** The playground's streamed answer (`POST /api/v1/playground/runs`, NDJSON; docs/playground.md). */
import type { ChatMessage } from '../prompts/prompt-render.js';

/** One line of the answer: `run` first, `delta`s and one `done` or `error` per target, then `end` (or `failed`). */
export type PlaygroundEvent =
  | { type: 'run'; run_id: string; trace_id: string; messages: ChatMessage[]; targets: Array<{ index: number; connection: string; model: string }> }
  | { type: 'delta'; target: number; text: string }
  | {
      type: 'done';
      target: number;
      output: string;
      model: string;
      latency_ms: number;
      cost: number | null;
      usage: { input_tokens: number | null; output_tokens: number | null };
    }
  | { type: 'error'; target: number; message: string; latency_ms: number }
  | { type: 'end'; trace_id: string }
  | { type: 'failed'; message: string };
