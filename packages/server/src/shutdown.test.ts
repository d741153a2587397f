import { describe, expect, it } from 'vitest';
import { runShutdownSteps } from './shutdown.js';

describe('runShutdownSteps', () => {
  it('runs every step even when one hangs and one throws, and names both', async () => {
    const ran: string[] = [];
    const failures: string[] = [];
    const failed = await runShutdownSteps(
      [
        { name: 'hangs', run: () => new Promise(() => undefined), timeoutMs: 50 },
        { name: 'throws', run: () => { throw new Error('boom'); }, timeoutMs: 50 },
        { name: 'store', run: async () => void ran.push('store'), timeoutMs: 50 },
      ],
      (step, error) => failures.push(`${step}: ${(error as Error).message}`),
    );
    expect(failed).toEqual(['hangs', 'throws']);
    expect(ran).toEqual(['store']);
    expect(failures).toEqual(['hangs: hangs did not finish within 50 ms', 'throws: boom']);
  });
});
