/** Rendering whole prompts: a text template, or chat messages whose contents are templates. */
import { checkTemplate, listVariables, renderTemplate, type TemplateFormat } from './template.js';
import { missingVariables, type RenderResult, type TemplateProblem } from './template-problem.js';
import { RenderBudget } from './render-budget.js';

/** One chat message. */
export interface ChatMessage {
  role: string;
  content: string;
}

/** A text prompt is one template; a chat prompt is a list of messages. */
export type PromptContent = string | ChatMessage[];

const contents = (prompt: PromptContent): string[] => (typeof prompt === 'string' ? [prompt] : prompt.map((m) => m.content));

const inMessage = (problem: TemplateProblem, index: number, multi: boolean): TemplateProblem =>
  multi ? { ...problem, message: `messages[${index}]: ${problem.message}` } : problem;

/** The variables a prompt uses, in first-use order across its messages. */
export function promptVariables(prompt: PromptContent, format: TemplateFormat): string[] {
  const names: string[] = [];
  for (const text of contents(prompt)) for (const name of listVariables(text, format)) if (!names.includes(name)) names.push(name);
  return names;
}

/** Checks every template of the prompt parses; the problem names the message when there are several. */
export function checkPrompt(prompt: PromptContent, format: TemplateFormat): RenderResult<null> {
  const texts = contents(prompt);
  for (let i = 0; i < texts.length; i++) {
    const checked = checkTemplate(texts[i], format);
    if (!checked.ok) return { ok: false, problem: inMessage(checked.problem, i, typeof prompt !== 'string') };
  }
  return { ok: true, value: null };
}

/**
 * Renders a prompt; every missing variable (across all messages) is named in one problem. All
 * messages share `budget` (default: DEFAULT_RENDER_LIMITS), so the whole render is bounded.
 */
export function renderPrompt<P extends PromptContent>(
  prompt: P,
  format: TemplateFormat,
  variables: Record<string, unknown>,
  budget = new RenderBudget(),
): RenderResult<P extends string ? string : ChatMessage[]> {
  type Out = P extends string ? string : ChatMessage[];
  if (typeof prompt === 'string') {
    return renderTemplate(prompt, format, variables, budget) as RenderResult<Out>;
  }
  const messages: ChatMessage[] = [];
  const missing: string[] = [];
  for (let i = 0; i < prompt.length; i++) {
    const rendered = renderTemplate(prompt[i].content, format, variables, budget);
    if (rendered.ok) messages.push({ ...prompt[i], content: rendered.value });
    else if (rendered.problem.kind === 'missing_variables') {
      for (const name of rendered.problem.variables ?? []) if (!missing.includes(name)) missing.push(name);
    } else return { ok: false, problem: inMessage(rendered.problem, i, true) };
  }
  if (missing.length) return { ok: false, problem: missingVariables(missing) };
  return { ok: true, value: messages as Out };
}
