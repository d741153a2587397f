/**
 * A cost that says when it is not known: "unknown" when nothing was priced (a model without a
 * price is not free), "≥ $x" when only part of it was, the amount otherwise.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatCost } from '../format';

/** How a cost reads as plain text (for sentences): `unpriced` counts usage-reporting spans without a price. */
export function costLabel(t: TFunction, cost: number | null | undefined, unpriced: number): string {
  if (unpriced <= 0) return formatCost(cost);
  return cost ? `≥ ${formatCost(cost)}` : t('cost.unknown');
}

/** `unpriced`: how many usage-reporting spans have no price (a span: 1 when it has tokens but no cost). */
export function CostText({ cost, unpriced }: { cost: number | null | undefined; unpriced: number }) {
  const { t } = useTranslation();
  if (unpriced <= 0) return <>{formatCost(cost)}</>;
  return (
    <span
      className={cost ? 'cost-partial' : 'cost-unknown muted'}
      title={cost ? t('cost.partialTitle', { n: unpriced }) : t('cost.unknownTitle')}
      data-cost={cost ? 'partial' : 'unknown'}
    >
      {costLabel(t, cost, unpriced)}
    </span>
  );
}
