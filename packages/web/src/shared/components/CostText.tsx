/**
 * A cost that says when it is not known: "unknown" when nothing was priced (a model without a
 * price is not free), "≥ $x" when only part of it was, the amount otherwise.
 */
import { useTranslation } from 'react-i18next';
import { formatCost } from '../format';

/** `unpriced`: how many usage-reporting spans have no price (a span: 1 when it has tokens but no cost). */
export function CostText({ cost, unpriced }: { cost: number | null | undefined; unpriced: number }) {
  const { t } = useTranslation();
  if (unpriced <= 0) return <>{formatCost(cost)}</>;
  if (!cost) {
    return (
      <span className="cost-unknown muted" title={t('cost.unknownTitle')} data-cost="unknown">
        {t('cost.unknown')}
      </span>
    );
  }
  return (
    <span className="cost-partial" title={t('cost.partialTitle', { n: unpriced })} data-cost="partial">
      ≥ {formatCost(cost)}
    </span>
  );
}
