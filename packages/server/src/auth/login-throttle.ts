/** Slows down password guessing: after 10 failed sign-ins from one address within 5 minutes, that address waits. */

const WINDOW_MS = 5 * 60_000;
const MAX_FAILURES = 10;

/** Creates an in-memory throttle keyed by client address. */
export function createLoginThrottle(now: () => number = Date.now) {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => (failures.get(key) ?? []).filter((t) => now() - t < WINDOW_MS);
  return {
    /** Seconds this address must still wait (0 = may try). */
    blockedFor(key: string): number {
      const times = recent(key);
      if (times.length < MAX_FAILURES) return 0;
      return Math.max(1, Math.ceil((times[0] + WINDOW_MS - now()) / 1000));
    },
    failed(key: string): void {
      if (failures.size > 10_000) failures.clear();
      failures.set(key, [...recent(key), now()]);
    },
    succeeded(key: string): void {
      failures.delete(key);
    },
  };
}
