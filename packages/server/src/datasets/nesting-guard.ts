/** Turns JSON nested deeper than the stack allows into an InvalidError (a 400) instead of a 500. */
import { InvalidError } from '../domain-errors.js';

/** Runs `fn` (which hashes or serialises JSON); a RangeError from deep nesting becomes an InvalidError naming `where`. */
export function tooDeep<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new InvalidError(`${where} is nested too deeply; keep JSON values under a few thousand levels.`, {
        issues: [{ path: where, message: 'nested too deeply' }],
      });
    }
    throw error;
  }
}
