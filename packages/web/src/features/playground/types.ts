/** The playground's page state shared by its parts. */
import type { ChatMessage } from '@tracehub/core';

/** What one target produced so far. */
export interface TargetOutput {
  connection: string;
  model: string;
  text: string;
  done: boolean;
  error: string | null;
  latencyMs: number | null;
  cost: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
}

/** The prompt as edited on the page. */
export interface PromptDraft {
  type: 'text' | 'chat';
  text: string;
  messages: ChatMessage[];
  format: 'fstring' | 'mustache';
  config: Record<string, unknown>;
}
