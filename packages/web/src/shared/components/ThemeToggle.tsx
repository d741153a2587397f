/** Light / dark theme toggle. */
import { useTranslation } from 'react-i18next';
import { useTheme } from '../theme/theme';

/** A button that flips the theme. */
export function ThemeToggle() {
  const { t } = useTranslation();
  const { theme, toggle } = useTheme();
  return (
    <button type="button" className="btn btn-ghost" onClick={toggle} aria-label={t('nav.toggleTheme')} title={t('nav.toggleTheme')}>
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}
