/** One experiment run: what it evaluated as labelled fields, its artifacts, and every item with its evaluators' verdicts. */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { useExperiment } from '../api';
import { ExperimentArtifacts } from './ExperimentArtifacts';
import { ExperimentItems } from './ExperimentItems';
import { ExperimentRunFacts } from './ExperimentRunFacts';

/** The page. */
export function ExperimentDetailPage() {
  const { t } = useTranslation();
  const { runId = '' } = useParams();
  const run = useExperiment(runId);
  if (run.isPending) return <Loading />;
  if (run.error) return <ErrorState error={run.error} onRetry={() => void run.refetch()} notFound={{ kind: 'experiment', listPath: '/experiments' }} />;
  const { experiment: e, items } = run.data;
  const evaluators = [...new Set(items.flatMap((i) => Object.keys(i.scores)))].sort();
  return (
    <div className="page">
      <Link to="/experiments" className="back-link">
        ← {t('experiments.title')}
      </Link>
      <PageHeader title={e.name} subtitle={<code>{e.run_id}</code>} actions={<StatusBadge value={t(`experiments.runStatus.${e.status}`)} tone={e.status === 'completed' ? 'ok' : 'warn'} />} />
      <section className="card">
        <ExperimentRunFacts run={e} evaluatorNames={evaluators} />
      </section>
      <ExperimentArtifacts runId={e.run_id} />
      <ExperimentItems items={items} evaluators={evaluators} />
    </div>
  );
}
