/** Previous / next page controls with "page N of M · total". */
import { useTranslation } from 'react-i18next';
import { formatCount, formatNumber } from '../format';

/** Pagination; pages are 1-based. `lowerBound`: more than `total` items exist ("1,000+"), so next stays open. */
export function Pagination({
  page,
  pageSize,
  total,
  lowerBound = false,
  onPage,
}: { page: number; pageSize: number; total: number; lowerBound?: boolean; onPage: (page: number) => void }) {
  const { t, i18n } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label={t('common.pagination')}>
      <button type="button" className="btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← {t('common.previous')}
      </button>
      <span className="muted">
        {t('common.pageOf', { page: formatNumber(page, i18n.language), pages: formatCount(pages, i18n.language, lowerBound) })} ·{' '}
        {t('common.totalCount', { formatted: formatCount(total, i18n.language, lowerBound) })}
      </span>
      <button type="button" className="btn" disabled={page >= pages && !lowerBound} onClick={() => onPage(page + 1)}>
        {t('common.next')} →
      </button>
    </nav>
  );
}
