import { describe, expect, it } from 'vitest';
import { createLoginThrottle, LOGIN_WINDOW_MS, MAX_CONCURRENT_LOGINS, MAX_LOGIN_FAILURES } from './login-throttle.js';

describe('login throttle', () => {
  it('reserves attempts before the password is checked: a concurrent burst gets one check', () => {
    const throttle = createLoginThrottle(() => 1_000_000);
    const reservations = Array.from({ length: 500 }, () => throttle.reserve('10.0.0.1'));
    const granted = reservations.filter((r) => r.ok);
    expect(granted).toHaveLength(MAX_CONCURRENT_LOGINS);
    expect(reservations.filter((r) => !r.ok)).toHaveLength(500 - MAX_CONCURRENT_LOGINS);
    expect(reservations[MAX_CONCURRENT_LOGINS]).toEqual({ ok: false, retryAfterSeconds: 1 });
    // Another address is not affected.
    expect(throttle.reserve('10.0.0.2').ok).toBe(true);
  });

  it('past 10 failures in the window the address waits for the window', () => {
    const throttle = createLoginThrottle(() => 1_000_000);
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
      const r = throttle.reserve('10.0.0.3');
      expect(r.ok).toBe(true);
      if (r.ok) r.attempt.failed();
    }
    expect(throttle.reserve('10.0.0.3')).toEqual({ ok: false, retryAfterSeconds: LOGIN_WINDOW_MS / 1000 });
  });

  it('failures count for the window; success clears the address; a cancelled attempt does not count', () => {
    let now = 0;
    const throttle = createLoginThrottle(() => now);
    for (let i = 0; i < MAX_LOGIN_FAILURES - 1; i++) {
      const r = throttle.reserve('a');
      if (r.ok) r.attempt.failed();
    }
    const cancelled = throttle.reserve('a');
    expect(cancelled.ok).toBe(true);
    if (cancelled.ok) cancelled.attempt.cancel();
    const last = throttle.reserve('a');
    expect(last.ok).toBe(true);
    if (last.ok) last.attempt.failed();
    expect(throttle.reserve('a')).toMatchObject({ ok: false });
    now = LOGIN_WINDOW_MS + 1;
    const again = throttle.reserve('a');
    expect(again.ok).toBe(true);
    if (again.ok) again.attempt.succeeded();
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
      const r = throttle.reserve('a');
      expect(r.ok).toBe(true);
      if (r.ok) r.attempt.failed();
    }
  });
});
