/** Error answers in the UI's language: the Korean UI never shows the server's English message. */
import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/locales/en';
import { ko } from '../i18n/locales/ko';
import { errorText } from './error-text';
import { ApiError } from './http-client';

const HANGUL = /[가-힣]/;
const LATIN_WORD = /[A-Za-z]{3,}/;

describe('errorText', () => {
  let tKo: TFunction;
  let tEn: TFunction;
  beforeAll(async () => {
    const make = async (lng: string) => {
      const i18n = createInstance();
      await i18n.init({ lng, resources: { en: { translation: en }, ko: { translation: ko } }, interpolation: { escapeValue: false } });
      return i18n.t;
    };
    tKo = await make('ko');
    tEn = await make('en');
  });

  it('translates a known code; English adds the server message that names the object', () => {
    const error = new ApiError(404, 'not_found', 'Trace abc was not found in project default.');
    const koText = errorText(error, tKo, 'ko');
    expect(koText.summary).toMatch(HANGUL);
    expect(`${koText.summary} ${koText.detail ?? ''}`).not.toMatch(LATIN_WORD);
    expect(errorText(error, tEn, 'en')).toEqual({ summary: en.errorCodes.not_found, detail: 'Trace abc was not found in project default.', fields: [] });
  });

  it('an unknown code falls back to its status, then to its status class', () => {
    expect(errorText(new ApiError(409, 'name_taken', 'User kim already exists.'), tKo, 'ko').summary).toBe(ko.errorStatus['409']);
    expect(errorText(new ApiError(422, 'odd', 'Odd.'), tKo, 'ko').summary).toBe(ko.errorStatus['4xx']);
    expect(errorText(new ApiError(502, 'http_error', 'HTTP 502'), tKo, 'ko').summary).toBe(ko.errorStatus['5xx']);
  });

  it('network failures and field issues are translated; field names stay as the API names them', () => {
    expect(errorText(new ApiError(0, 'network_error', 'The server cannot be reached.'), tKo, 'ko').summary).toBe(ko.errorCodes.network_error);
    const invalid = new ApiError(400, 'validation_error', 'name: must be 1–128 letters', [{ path: 'name', message: 'must be 1–128 letters' }]);
    expect(errorText(invalid, tKo, 'ko')).toEqual({ summary: ko.errorCodes.validation_error, detail: undefined, fields: ['name: 올바르지 않은 값'] });
    expect(errorText(invalid, tEn, 'en').fields).toEqual(['name: must be 1–128 letters']);
  });

  it('anything else thrown is a generic failure, its text shown only in English', () => {
    expect(errorText(new Error('boom'), tKo, 'ko')).toEqual({ summary: ko.errorStatus['5xx'], detail: undefined, fields: [] });
    expect(errorText(new Error('boom'), tEn, 'en').detail).toBe('boom');
  });
});
