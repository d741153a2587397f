/**
 * Slows down password guessing: at most 10 sign-in attempts per client address are unresolved or
 * failed within 5 minutes, and one is checked at a time; past that the address gets
 * 429. An attempt is reserved BEFORE the password is checked, so a burst of concurrent wrong
 * passwords is answered 429 without running scrypt for each; a successful sign-in clears the
 * address. State is in memory, per server process.
 */

/** Failed (or still running) attempts an address may have in the window. */
export const MAX_LOGIN_FAILURES = 10;
/** Attempts of one address whose password is being checked at the same time (a person has one). */
export const MAX_CONCURRENT_LOGINS = 1;
/** The window, in milliseconds. */
export const LOGIN_WINDOW_MS = 5 * 60_000;
// Addresses tracked at most; past this, the oldest entries are dropped first.
const MAX_TRACKED = 10_000;

/** A reserved attempt: report how it ended exactly once. */
export interface LoginAttempt {
  succeeded(): void;
  failed(): void;
  /** The password was never checked (e.g. the server was busy): the attempt does not count. */
  cancel(): void;
}

/** The throttle's answer: an attempt to report on, or how many seconds to wait. */
export type LoginReservation = { ok: true; attempt: LoginAttempt } | { ok: false; retryAfterSeconds: number };

/** Creates an in-memory throttle keyed by client address (`now` in milliseconds, default Date.now). */
export function createLoginThrottle(now: () => number = Date.now) {
  // Per address: times of failed or running attempts, oldest first.
  const attempts = new Map<string, number[]>();
  // Per address: attempts whose password is being checked now.
  const running = new Map<string, number>();
  const done = (key: string) => {
    const n = (running.get(key) ?? 1) - 1;
    if (n > 0) running.set(key, n);
    else running.delete(key);
  };
  const recent = (key: string) => (attempts.get(key) ?? []).filter((t) => now() - t < LOGIN_WINDOW_MS);
  const store = (key: string, times: number[]) => {
    attempts.delete(key); // re-insert: Map order is then least recently used first
    if (times.length === 0) return;
    if (attempts.size >= MAX_TRACKED) {
      for (const [k, list] of attempts) if (list.every((t) => now() - t >= LOGIN_WINDOW_MS)) attempts.delete(k);
      while (attempts.size >= MAX_TRACKED) attempts.delete(attempts.keys().next().value as string);
    }
    attempts.set(key, times);
  };

  return {
    /** Seconds `key` must wait before its next attempt (0 = it may try now); reserves nothing. */
    waitFor(key: string): number {
      if ((running.get(key) ?? 0) >= MAX_CONCURRENT_LOGINS) return 1;
      const times = recent(key);
      return times.length >= MAX_LOGIN_FAILURES ? Math.max(1, Math.ceil((times[0] + LOGIN_WINDOW_MS - now()) / 1000)) : 0;
    },

    /** Reserves an attempt for `key`, counted as failed until reported otherwise; or how long to wait. */
    reserve(key: string): LoginReservation {
      const times = recent(key);
      if (times.length >= MAX_LOGIN_FAILURES) {
        store(key, times);
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0] + LOGIN_WINDOW_MS - now()) / 1000)) };
      }
      if ((running.get(key) ?? 0) >= MAX_CONCURRENT_LOGINS) return { ok: false, retryAfterSeconds: 1 };
      running.set(key, (running.get(key) ?? 0) + 1);
      const at = now();
      store(key, [...times, at]);
      let reported = false;
      return {
        ok: true,
        attempt: {
          succeeded() {
            if (reported) return;
            reported = true;
            done(key);
            attempts.delete(key);
          },
          failed() {
            if (reported) return;
            reported = true; // the reservation already counts as a failure
            done(key);
          },
          cancel() {
            if (reported) return;
            reported = true;
            done(key);
            const list = attempts.get(key);
            const index = list ? list.indexOf(at) : -1;
            if (list && index >= 0) list.splice(index, 1);
          },
        },
      };
    },
  };
}

/** The login throttle. */
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
