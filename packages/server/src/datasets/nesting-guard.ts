/** Turns JSON nested deeper than the stack allows into a 400 instead of a 500. */
import { HttpError } from '../http-errors.js';

/** Runs `fn` (which hashes or serialises JSON); a RangeError from deep nesting becomes a 400 naming `where`. */
export function tooDeep<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new HttpError(400, 'validation_error', `${where} is nested too deeply; keep JSON values under a few thousand levels.`, [
        { path: where, message: 'nested too deeply' },
      ]);
    }
    throw error;
  }
}
