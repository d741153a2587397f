import { describe, expect, it } from 'vitest';
import { createLoginThrottle, LOGIN_WINDOW_MS, MAX_LOGIN_FAILURES } from './login-throttle.js';

describe('login throttle', () => {
  it('reserves attempts before the password is checked: a concurrent burst gets only 10 checks', () => {
    const throttle = createLoginThrottle(() => 1_000_000);
    const reservations = Array.from({ length: 500 }, () => throttle.reserve('10.0.0.1'));
    expect(reservations.filter((r) => r.ok)).toHaveLength(MAX_LOGIN_FAILURES);
    const refused = reservations.filter((r) => !r.ok);
    expect(refused).toHaveLength(490);
    expect(refused[0]).toEqual({ ok: false, retryAfterSeconds: LOGIN_WINDOW_MS / 1000 });
    // Another address is not affected.
    expect(throttle.reserve('10.0.0.2').ok).toBe(true);
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
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) expect(throttle.reserve('a').ok).toBe(true);
  });
});
