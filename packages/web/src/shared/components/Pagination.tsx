/** Previous / next page controls with "page N of M · total". */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format';

/** Pagination; pages are 1-based. */
export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const { t, i18n } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label={t('common.pagination')}>
      <button type="button" className="btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← {t('common.previous')}
      </button>
      <span className="muted">
        {t('common.pageOf', { page: formatNumber(page, i18n.language), pages: formatNumber(pages, i18n.language) })} ·{' '}
        {t('common.totalCount', { formatted: formatNumber(total, i18n.language) })}
      </span>
      <button type="button" className="btn" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('common.next')} →
      </button>
    </nav>
  );
}
