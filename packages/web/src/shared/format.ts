/** Display formatting of numbers, durations, money and times, in the UI's language. */

const locale = (lang: string) => (lang === 'ko' ? 'ko-KR' : 'en-US');

/** 12,345 */
export function formatNumber(value: number | null | undefined, lang: string, digits = 0): string {
  if (value == null || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(value);
}

/** A count, as "1,000+" when it is a lower bound (a capped count of search matches). */
export function formatCount(value: number, lang: string, lowerBound = false): string {
  return `${formatNumber(value, lang)}${lowerBound ? '+' : ''}`;
}

/** 850 ms, 1.25 s, 2 m 5 s, 3 h 20 m, 4 d 2 h */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || Number.isNaN(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  // Round to the smaller unit first, so 41 m 59.6 s reads 42 m 0 s, never 41 m 60 s.
  const two = (unit: number, sub: number, a: string, b: string) => {
    const subs = Math.round(ms / sub);
    const per = unit / sub;
    return `${Math.floor(subs / per)} ${a} ${subs % per} ${b}`;
  };
  if (ms < 3_600_000 - 500) return two(60_000, 1000, 'm', 's');
  if (ms < 86_400_000 - 30_000) return two(3_600_000, 60_000, 'h', 'm');
  return two(86_400_000, 3_600_000, 'd', 'h');
}

/** $0.0012 (more digits for small amounts) */
export function formatCost(usd: number | null | undefined): string {
  if (usd == null || Number.isNaN(usd)) return '—';
  if (usd === 0) return '$0';
  const digits = usd < 0.01 ? 6 : usd < 1 ? 4 : 2;
  return `$${usd.toFixed(digits)}`;
}

/** 12.3 % */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio == null || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)} %`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The browser's UTC offset at `d`: UTC, UTC+09:00, UTC-03:30. */
export function formatZone(d: Date): string {
  const offset = -d.getTimezoneOffset();
  if (offset === 0) return 'UTC';
  const abs = Math.abs(offset);
  return `UTC${offset > 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** 2026-02-07 19:00:01 in the browser's time zone (with milliseconds, and the zone, when asked). */
export function formatTime(iso: string | null | undefined, withMillis = false, withZone = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const time = withMillis ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
  return withZone ? `${time} ${formatZone(d)}` : time;
}

/** Value for <input type="datetime-local"> from an ISO time, and back. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO time from a datetime-local value ('' → undefined). */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
