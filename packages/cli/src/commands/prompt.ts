/** `tracehub prompt push|pull|list|promote|diff`. */
import type { Command } from 'commander';
import { registerPromptPush } from './prompt-push.js';
import { registerPromptPull } from './prompt-pull.js';
import { registerPromptList } from './prompt-list.js';
import { registerPromptPromote } from './prompt-promote.js';
import { registerPromptDiff } from './prompt-diff.js';

/** Adds the `prompt` command group. */
export function registerPromptCommands(program: Command): void {
  const prompt = program.command('prompt').description('Versioned prompts: targets/<name>/prompt.txt + .metadata.yaml ↔ the server');
  registerPromptPush(prompt);
  registerPromptPull(prompt);
  registerPromptList(prompt);
  registerPromptPromote(prompt);
  registerPromptDiff(prompt);
}
