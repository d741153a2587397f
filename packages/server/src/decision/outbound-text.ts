/**
 * What may be shown of outbound targets and their answers: URLs with their credentials masked (for
 * anyone but project admins), and upstream errors cut to a short, single-line reason.
 */

/** Most characters of an upstream answer kept in a stored or answered error. */
export const REASON_CHARS = 200;

const MASK = '***';

/**
 * The URL with user info and every query value replaced by `***` (the names stay, so the reader still
 * sees which parameters are set). Text that is not a URL is masked whole after its first `?`.
 */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const at = url.indexOf('?');
    return at < 0 ? url : `${url.slice(0, at)}?${MASK}`;
  }
  if (parsed.username) parsed.username = MASK;
  if (parsed.password) parsed.password = MASK;
  const names = [...parsed.searchParams.keys()];
  if (names.length) parsed.search = names.map((n) => `${encodeURIComponent(n)}=${MASK}`).join('&');
  if (parsed.hash.length > 1) parsed.hash = MASK;
  return parsed.toString();
}

/**
 * An upstream error or answer body as a short reason: control characters removed, whitespace
 * collapsed, at most REASON_CHARS characters, and each of `secrets` (e.g. the API key the request
 * carried) replaced by `***` so an endpoint echoing it back cannot reveal it.
 */
export function shortReason(text: string, secrets: (string | undefined)[] = [], max = REASON_CHARS): string {
  let clean = text;
  for (const secret of secrets) if (secret && secret.length >= 4) clean = clean.split(secret).join(MASK);
  clean = clean.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
