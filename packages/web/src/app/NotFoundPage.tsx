/** A client-side route that does not exist. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../shared/components/EmptyState';

/** "Page not found" with a way back. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <EmptyState title={t('errors.pageNotFound')} hint={t('errors.pageNotFoundHint')}>
        <Link to="/" className="btn">
          {t('nav.dashboard')}
        </Link>
      </EmptyState>
    </div>
  );
}
