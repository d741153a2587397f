/** The dashboard's alerts panel: what is firing now (up to five), with a link to the alerts page. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatNumber, formatTime } from '../../../shared/format';
import { useAlertRules, useAlerts } from '../api';

/** Shows nothing until the project has an alert rule. */
export function AlertsPanel() {
  const { t, i18n } = useTranslation();
  const rules = useAlertRules();
  const firing = useAlerts('firing', 1);
  if (!rules.data?.items.length || !firing.data) return null;
  const items = firing.data.items.slice(0, 5);
  return (
    <section className="card" data-testid="alerts-panel">
      <h2>
        {t('alerts.panelTitle')} <span className={`badge badge-${firing.data.total ? 'bad' : 'ok'}`}>{t('alerts.panelFiring', { count: firing.data.total })}</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{t('alerts.noFiring')}</p>
      ) : (
        <ul>
          {items.map((a) => (
            <li key={a.alert_id}>
              <strong>{a.rule_name}</strong> — {t(`alerts.kinds.${a.kind}`)} {formatNumber(a.last_value, i18n.language, 4)} <code>{a.comparator}</code>{' '}
              {formatNumber(a.threshold, i18n.language, 4)} · <span className="muted">{formatTime(a.started_at)}</span>
            </li>
          ))}
        </ul>
      )}
      <Link to="/alerts">{t('alerts.panelAll')}</Link>
    </section>
  );
}
