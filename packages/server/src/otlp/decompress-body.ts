import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** Largest body a compressed OTLP request may expand to by default (64 MiB). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/** A decompressed body, or a one-sentence reason it could not be decompressed. */
export type DecompressResult = { ok: true; body: Buffer } | { ok: false; message: string };

/**
 * Undoes a `Content-Encoding` (`gzip`, `deflate` — zlib-wrapped or raw —, `br`, `identity`, or a
 * comma-separated chain of them) without letting the output grow past `maxBytes`. Never throws.
 */
export function decompressBody(
  body: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number = DEFAULT_MAX_DECOMPRESSED_BYTES,
): DecompressResult {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let current = body;
  for (const coding of codings.reverse()) {
    const options = { maxOutputLength: maxBytes };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') current = gunzipSync(current, options);
      else if (coding === 'deflate') current = inflateDeflate(current, options);
      else if (coding === 'br') current = brotliDecompressSync(current, options);
      else return { ok: false, message: `Content-Encoding "${coding}" is not supported; send gzip, deflate or an uncompressed body.` };
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        return { ok: false, message: `The ${coding} body expands to more than ${maxBytes} bytes; send smaller batches.` };
      }
      return { ok: false, message: `The body is not valid ${coding} data; check the Content-Encoding header.` };
    }
  }
  return { ok: true, body: current };
}

/** HTTP `deflate` is zlib-wrapped, but some clients send raw deflate; accept both. */
function inflateDeflate(body: Buffer, options: { maxOutputLength: number }): Buffer {
  try {
    return inflateSync(body, options);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
    return inflateRawSync(body, options);
  }
}
