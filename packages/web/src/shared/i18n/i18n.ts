/** i18next set-up: Korean and English resources, the browser's language by default, the choice kept in localStorage. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { ko } from './locales/ko';

/** The languages the UI speaks. */
export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const KEY = 'tracehub.lang';

/** The saved language, else the browser's (Korean for any ko-*, English otherwise). */
function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'ko' || saved === 'en') return saved;
  } catch {
    // storage unavailable
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const lang of preferred) {
    const base = lang.toLowerCase().split('-')[0];
    if (base === 'ko' || base === 'en') return base;
  }
  return 'en';
}

/** Switches the language and remembers the choice. */
export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // storage unavailable
  }
  void i18n.changeLanguage(lang);
}

/** Initialises i18next once (called by main.tsx before the first render). */
export function initI18n(): typeof i18n {
  if (i18n.isInitialized) return i18n;
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const syncHtmlLang = (lng: string) => document.documentElement.setAttribute('lang', lng);
  syncHtmlLang(i18n.language);
  i18n.on('languageChanged', syncHtmlLang);
  return i18n;
}
