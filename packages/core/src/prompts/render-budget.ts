/**
 * Bounds on rendering a prompt: output characters, template steps (a Mustache section repeats its
 * tokens once per array item, so nested sections multiply) and section nesting. One budget is
 * shared by all messages of a chat prompt, so the work of one render is bounded whatever the
 * template and variables are.
 */

/** Render limits; the defaults are far above real prompts. */
export interface RenderLimits {
  /** Most characters a render may produce, all messages together (default 5,000,000). */
  maxOutputChars: number;
  /** Most template tokens visited, counting each repetition of a section (default 250,000). */
  maxSteps: number;
  /** Deepest nesting of Mustache sections (default 64). */
  maxSectionDepth: number;
}

/** The default render limits. */
export const DEFAULT_RENDER_LIMITS: RenderLimits = { maxOutputChars: 5_000_000, maxSteps: 250_000, maxSectionDepth: 64 };

/** Thrown inside a render when a limit is crossed; turned into a `too_large` problem by the renderers. */
export class RenderLimitError extends Error {}

/** Counts a render's output and steps against its limits. */
export class RenderBudget {
  private output = 0;
  private steps = 0;

  constructor(readonly limits: RenderLimits = DEFAULT_RENDER_LIMITS) {}

  /** Adds `chars` produced characters; throws RenderLimitError past the limit. */
  addOutput(chars: number): void {
    this.output += chars;
    if (this.output > this.limits.maxOutputChars) {
      throw new RenderLimitError(
        `The rendered prompt would be longer than ${this.limits.maxOutputChars.toLocaleString('en-US')} characters; pass fewer or shorter values (sections repeat once per array item).`,
      );
    }
  }

  /** Adds `count` template steps; throws RenderLimitError past the limit. */
  addSteps(count: number): void {
    this.steps += count;
    if (this.steps > this.limits.maxSteps) {
      throw new RenderLimitError(
        `Rendering needs more than ${this.limits.maxSteps.toLocaleString('en-US')} template steps (nested sections over long arrays multiply); pass shorter arrays or flatten the sections.`,
      );
    }
  }
}
