/**
 * Text files in the encodings Korean users save them in: UTF-8 (with or without a BOM), UTF-16 LE/BE
 * with a BOM, else CP949 (EUC-KR, what Korean Excel writes for "CSV"). Decoding is the platform's
 * WHATWG TextDecoder in fatal mode, so a byte that does not fit is an error, never mojibake.
 */
import { TextDecoder } from 'node:util';
import { CliError } from '../cli-error.js';

/** Decoded text and the encoding it was read in (a display name such as `CP949 (EUC-KR)`). */
export interface DecodedText {
  text: string;
  encoding: string;
}

/** `--encoding` names the WHATWG labels do not know. */
const ALIASES: Record<string, string> = { cp949: 'windows-949', ms949: 'windows-949', uhc: 'windows-949', utf8: 'utf-8' };
const DISPLAY: Record<string, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'euc-kr': 'CP949 (EUC-KR)' };

const display = (decoder: TextDecoder) => DISPLAY[decoder.encoding] ?? decoder.encoding;

/** A strict decoder for an `--encoding` value (utf-8, cp949, euc-kr, utf-16le, utf-16be, or any WHATWG label). */
export function strictDecoder(label: string): TextDecoder {
  const name = label.trim().toLowerCase();
  try {
    return new TextDecoder(ALIASES[name] ?? name, { fatal: true });
  } catch {
    throw new CliError(`--encoding: unknown encoding "${label}"; use utf-8, cp949 (euc-kr), utf-16le or utf-16be.`);
  }
}

function tryDecode(decoder: TextDecoder, bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** The encoding a byte order mark announces, or null. */
function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Decodes `bytes` of `file` (the BOM removed): in `forced` when given, else as its BOM says, else UTF-8
 * when the bytes are valid UTF-8, else CP949. Bytes that fit none, and NUL bytes without a BOM
 * (UTF-16 without its mark), give a one-line error naming the encoding.
 */
export function decodeText(bytes: Uint8Array, file: string, forced?: string): DecodedText {
  const fix = 'save it as "CSV UTF-8" or name its encoding with --encoding';
  if (forced) {
    const decoder = strictDecoder(forced);
    const text = tryDecode(decoder, bytes);
    if (text === null) throw new CliError(`${file} is not valid ${display(decoder)} text (--encoding ${forced}); ${fix}.`);
    return { text, encoding: display(decoder) };
  }
  const bom = bomEncoding(bytes);
  if (bom) {
    const decoder = strictDecoder(bom);
    const text = tryDecode(decoder, bytes);
    if (text === null) throw new CliError(`${file} starts with a ${display(decoder)} byte order mark but is not valid ${display(decoder)} text; ${fix}.`);
    return { text, encoding: display(decoder) };
  }
  // NUL bytes are valid UTF-8 and CP949, but no text file has them: UTF-16 without its byte order mark.
  if (bytes.includes(0)) throw new CliError(`${file} has NUL bytes, as UTF-16 without a byte order mark has; name its encoding with --encoding utf-16le or utf-16be.`);
  for (const label of ['utf-8', 'euc-kr']) {
    const decoder = strictDecoder(label);
    const text = tryDecode(decoder, bytes);
    if (text !== null) return { text, encoding: display(decoder) };
  }
  throw new CliError(`${file} is neither UTF-8 nor CP949 (EUC-KR) text; ${fix}.`);
}
