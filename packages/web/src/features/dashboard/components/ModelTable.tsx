/** Per-model breakdown of the overview. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { StatsOverview } from '@tracehub/core';
import { CostText } from '../../../shared/components/CostText';
import { formatDuration, formatNumber, formatPercent } from '../../../shared/format';

/** One row per model, busiest first. */
export function ModelTable({ models }: { models: StatsOverview['models'] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  if (models.length === 0) return <p className="muted">{t('dashboard.noModels')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="model-table">
        <thead>
          <tr>
            <th>{t('dashboard.models.model')}</th>
            <th className="num">{t('dashboard.models.spans')}</th>
            <th className="num">{t('dashboard.models.errorRate')}</th>
            <th className="num">p50</th>
            <th className="num">p95</th>
            <th className="num">{t('dashboard.models.tokens')}</th>
            <th className="num">{t('dashboard.models.cost')}</th>
          </tr>
        </thead>
        <tbody>
          {[...models]
            .sort((a, b) => b.spans - a.spans)
            .map((m) => (
              <tr key={m.model}>
                <td>{m.model ? <Link to={`/traces?model=${encodeURIComponent(m.model)}`}>{m.model}</Link> : <span className="muted">{t('dashboard.models.unknown')}</span>}</td>
                <td className="num">{n(m.spans)}</td>
                <td className="num">{formatPercent(m.spans ? m.errors / m.spans : 0)}</td>
                <td className="num">{formatDuration(m.latency_ms.p50)}</td>
                <td className="num">{formatDuration(m.latency_ms.p95)}</td>
                <td className="num">{n(m.total_tokens)}</td>
                <td className="num">
                  <CostText cost={m.cost} unpriced={m.cost == null ? 1 : 0} />
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
