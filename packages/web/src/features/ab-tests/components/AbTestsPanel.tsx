/** The dashboard's A/B panel: running tests (up to five) with their primary metric and current verdict, linking to the A/B page. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AbTestView } from '@tracehub/core';
import { formatNumber } from '../../../shared/format';
import { useAbResults, useAbTests } from '../api';
import { metricLabel, useVerdictLines } from './AbResults';

const SHOWN = 5;

function RunningTest({ test }: { test: AbTestView }) {
  const { t, i18n } = useTranslation();
  const results = useAbResults(test.test_id);
  const lines = useVerdictLines(results.data);
  const srm = results.data?.srm.mismatch ?? false;
  return (
    <li data-testid="ab-panel-test">
      <Link to={`/ab-tests?${new URLSearchParams({ test: test.test_id })}`}>
        <strong>{test.name}</strong>
      </Link>{' '}
      <span className="badge badge-ok">{t(`abTests.statuses.${test.status}`)}</span> · {t('dashboardPanels.ab.primary', { metric: metricLabel(t, test.primary_metric) })}
      {results.data && (
        <span className="muted"> · {t('dashboardPanels.ab.traces', { n: formatNumber(results.data.traces_read, i18n.language) })}</span>
      )}
      <div className={srm ? 'form-error small' : 'muted small'}>
        {results.isPending ? t('dashboardPanels.ab.loading') : results.error ? t('dashboardPanels.ab.failed') : lines.join(' ')}
      </div>
    </li>
  );
}

/** Shows nothing until the project has an A/B test. */
export function AbTestsPanel() {
  const { t } = useTranslation();
  const tests = useAbTests();
  if (!tests.data?.tests.length) return null;
  const running = tests.data.tests.filter((test) => test.status === 'running');
  return (
    <section className="card" data-testid="ab-panel">
      <h2>
        {t('dashboardPanels.ab.title')} <span className="badge">{t('dashboardPanels.ab.running', { count: running.length })}</span>
      </h2>
      {running.length === 0 ? (
        <p className="muted">{t('dashboardPanels.ab.none')}</p>
      ) : (
        <ul>
          {running.slice(0, SHOWN).map((test) => (
            <RunningTest key={test.test_id} test={test} />
          ))}
        </ul>
      )}
      <Link to="/ab-tests">{t('dashboardPanels.ab.all')}</Link>
    </section>
  );
}
