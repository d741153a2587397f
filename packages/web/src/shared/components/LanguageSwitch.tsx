/** 한국어 / English switch; the choice is remembered. */
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/i18n';

const NAMES: Record<Language, string> = { ko: '한국어', en: 'English' };

/** A small select of the UI languages. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <select
      className="lang-switch"
      aria-label={t('nav.language')}
      data-testid="language-switch"
      value={i18n.language === 'ko' ? 'ko' : 'en'}
      onChange={(e) => setLanguage(e.target.value as Language)}
    >
      {LANGUAGES.map((lang) => (
        <option key={lang} value={lang}>
          {NAMES[lang]}
        </option>
      ))}
    </select>
  );
}
