/** Says when traces under the dashboard's filters started outside its window, with a way to see them. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { StatsOverview } from '@tracehub/core';
import { formatNumber, formatTime } from '../../../shared/format';
import { rangeReaching } from '../dashboard-params';
import { useRangeLabel } from './RangePicker';

/** The notice, or nothing when every trace is in the window; `onWiden` picks a longer range. */
export function OutsideNotice({ data, hours, onWiden }: { data: StatsOverview; hours: number; onWiden: (hours: number) => void }) {
  const { t, i18n } = useTranslation();
  const label = useRangeLabel();
  const { before, after, latest } = data.outside;
  if (before + after === 0 || !latest) return null;
  const reach = rangeReaching(latest, Date.parse(data.window.to));
  const listQuery = new URLSearchParams({
    ...(data.filters.environment && { environment: data.filters.environment }),
    ...(data.filters.name && { name: data.filters.name }),
  });
  return (
    <div className="notice" role="status" data-testid="outside-notice">
      {t('dashboard.outside', { n: formatNumber(before + after, i18n.language), latest: formatTime(latest, false, true) })}{' '}
      {reach !== null && reach > hours ? (
        <button type="button" className="link-button" onClick={() => onWiden(reach)}>
          {t('dashboard.widen', { range: label(reach) })}
        </button>
      ) : (
        <Link to={`/traces${listQuery.size ? `?${listQuery}` : ''}`}>{t('dashboard.openInList')}</Link>
      )}
    </div>
  );
}
