/**
 * What an error says to the user, in the UI's language. The API answers every error with a stable
 * code (`{error, message, issues?}`); the sentence shown comes from the catalogue for that code (or
 * for the HTTP status when the code is not known), so the Korean UI never shows the server's English
 * message. The English UI adds the server's message, which names the exact object or limit.
 */
import type { TFunction } from 'i18next';
import { ApiError } from './http-client';

/** The text of an error: a sentence, an optional detail, and the fields at fault. */
export interface ErrorText {
  summary: string;
  detail?: string;
  fields: string[];
}

/** Translates any thrown error (ApiError, network failure, anything else) for the UI. */
export function errorText(error: unknown, t: TFunction, language: string): ErrorText {
  const english = language.startsWith('en');
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { summary: t('errorStatus.5xx'), detail: english && message ? message : undefined, fields: [] };
  }
  const byCode = `errorCodes.${error.code}`;
  const byStatus = `errorStatus.${error.status}`;
  const summary = t(byCode, {
    defaultValue: t(byStatus, { defaultValue: t(error.status >= 500 || error.status === 0 ? 'errorStatus.5xx' : 'errorStatus.4xx') }),
  });
  const fields = (error.issues ?? []).map((issue) => (english ? `${issue.path}: ${issue.message}` : t('errorFields.invalid', { field: issue.path })));
  const detail = english && error.message && error.message !== summary && !fields.length ? error.message : undefined;
  return { summary, detail, fields };
}
