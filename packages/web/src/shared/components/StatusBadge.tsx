/** Coloured badges for statuses, decision actions, roles and labels. */
import { useTranslation } from 'react-i18next';

const TONES: Record<string, string> = {
  success: 'ok',
  error: 'bad',
  running: 'info',
  open: 'bad',
  acknowledged: 'warn',
  resolved: 'ok',
  ALLOW_ANSWER: 'ok',
  BLOCK: 'bad',
  ESCALATE: 'bad',
  ALLOW_WITH_WARNING: 'warn',
  NEED_CLARIFICATION: 'warn',
  passed: 'ok',
  failed: 'bad',
  production: 'ok',
  staging: 'warn',
};

/** A badge; known trace/case statuses are translated, anything else is shown as given. */
export function StatusBadge({ value, tone }: { value: string | null | undefined; tone?: string }) {
  const { t } = useTranslation();
  if (!value) return <span className="muted">—</span>;
  const known = ['success', 'error', 'running', 'open', 'acknowledged', 'resolved', 'passed', 'failed'] as const;
  const label = (known as readonly string[]).includes(value) ? t(`status.${value as (typeof known)[number]}`) : value;
  return <span className={`badge badge-${tone ?? TONES[value] ?? 'neutral'}`}>{label}</span>;
}
