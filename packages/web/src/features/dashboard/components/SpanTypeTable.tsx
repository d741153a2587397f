/** Spans by type over the dashboard's range: how much work is LLM calls, tools, retrievers, graph nodes. */
import { useTranslation } from 'react-i18next';
import type { StatsOverview } from '@tracehub/core';
import { formatNumber, formatPercent } from '../../../shared/format';

/** One row per span type, most spans first. */
export function SpanTypeTable({ types }: { types: StatsOverview['spans']['by_type'] }) {
  const { t, i18n } = useTranslation();
  if (types.length === 0) return <p className="muted">{t('dashboard.noSpanTypes')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="span-type-table">
        <thead>
          <tr>
            <th>{t('dashboard.spanTypes.type')}</th>
            <th className="num">{t('dashboard.spanTypes.spans')}</th>
            <th className="num">{t('dashboard.spanTypes.errorRate')}</th>
          </tr>
        </thead>
        <tbody>
          {types.map((row) => (
            <tr key={row.span_type}>
              <td>{row.span_type}</td>
              <td className="num">{formatNumber(row.spans, i18n.language)}</td>
              <td className="num">{formatPercent(row.spans ? row.errors / row.spans : 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
