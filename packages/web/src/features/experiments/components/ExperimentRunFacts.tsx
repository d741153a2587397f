/**
 * What a run evaluated and how it went, as labelled fields: dataset and prompt versions (linked to
 * their pages on this server when the run names a server version), model, evaluators, git, pipeline,
 * trackers, timing and counts. Never raw keys or JSON.
 */
import type { ExperimentView } from '@tracehub/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { calibrationPath } from '../../../shared/calibration-path';
import { formatCost, formatDuration, formatNumber, formatPercent, formatTime } from '../../../shared/format';

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
/** A version number the server gave (`3`); local runs carry `local-<hash>`, which has no server page. */
const serverVersion = (version: string | null): string | null => (version && /^\d+$/.test(version) ? version : null);

/** One labelled field. */
function Fact({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div data-fact={name}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A run's evaluators from its configuration: name, type, threshold, weight. */
function evaluatorsOf(config: Record<string, unknown>) {
  const list = Array.isArray(config.evaluators) ? config.evaluators : [];
  return list.map(record).flatMap((e) => {
    const name = text(e.name) ?? text(e.type);
    return name ? [{ name, type: text(e.type) ?? name, threshold: number(e.threshold), weight: number(e.weight) }] : [];
  });
}

/** The facts of `run`. `evaluatorNames` is the fallback when the run's configuration lists none. */
export function ExperimentRunFacts({ run, evaluatorNames }: { run: ExperimentView; evaluatorNames: string[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const config = record(run.config);
  const summary = record(run.summary);
  const tokens = record(summary.tokens);
  const evaluators = evaluatorsOf(config);
  const trackers = Array.isArray(config.trackers) ? config.trackers.filter((x): x is string => typeof x === 'string') : [];
  const datasetVersion = config.dataset_source === 'local' ? null : serverVersion(run.dataset_version);
  const promptVersion = serverVersion(run.prompt_version);
  const promptLabel = text(config.prompt_label);
  const promptSha = text(config.prompt_content_hash);
  const judge = record(config.judge);
  const parameters = Object.entries(record(config.parameters)).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  const started = run.started_at ? Date.parse(run.started_at) : Number.NaN;
  const finished = run.finished_at ? Date.parse(run.finished_at) : Number.NaN;
  const count = (key: string) => number(summary[key]);
  const versionText = (v: string) => (/^\d+$/.test(v) ? t('experiments.facts.version', { v }) : v);

  return (
    <dl className="facts facts-wide" data-testid="experiment-facts">
      <Fact name="dataset" label={t('experiments.dataset')}>
        {datasetVersion ? (
          <Link to={`/datasets/${encodeURIComponent(run.dataset_name)}?version=${datasetVersion}`}>
            {run.dataset_name}@{versionText(datasetVersion)}
          </Link>
        ) : (
          <>
            {run.dataset_name}
            {run.dataset_version && `@${versionText(run.dataset_version)}`}
          </>
        )}
        {run.dataset_sha256 && (
          <div className="small muted">
            sha256 <code>{run.dataset_sha256}</code>
          </div>
        )}
      </Fact>
      {run.prompt_name && (
        <Fact name="prompt" label={t('experiments.prompt')}>
          {promptVersion ? (
            <Link to={`/prompts/${encodeURIComponent(run.prompt_name)}?version=${promptVersion}`}>
              {run.prompt_name}
              {promptLabel && `@${promptLabel}`} ({versionText(promptVersion)})
            </Link>
          ) : (
            <>
              {run.prompt_name}
              {promptLabel && `@${promptLabel}`}
              {run.prompt_version && ` (${versionText(run.prompt_version)})`}
            </>
          )}
          {promptSha && (
            <div className="small muted">
              sha256 <code>{promptSha}</code>
            </div>
          )}
        </Fact>
      )}
      <Fact name="model" label={t('experiments.model')}>
        {run.model_name}
        {run.provider && <span className="muted"> ({run.provider})</span>}
      </Fact>
      {run.model_version && (
        <Fact name="model_version" label={t('experiments.facts.modelVersion')}>
          {run.model_version}
        </Fact>
      )}
      {parameters.length > 0 && (
        <Fact name="parameters" label={t('experiments.facts.parameters')}>
          {parameters.map(([k, v]) => `${k} ${String(v)}`).join(', ')}
        </Fact>
      )}
      {text(judge.model) && (
        <Fact name="judge" label={t('experiments.facts.judge')}>
          {text(judge.model)}
          {text(judge.provider) && <span className="muted"> ({text(judge.provider)})</span>}
        </Fact>
      )}
      <Fact name="evaluators" label={t('experiments.facts.evaluators')}>
        {evaluators.length > 0 ? (
          <ul className="plain-list">
            {evaluators.map((e) => (
              <li key={e.name}>
                <strong>{e.name}</strong>{' '}
                <span className="small muted">
                  {[
                    e.type !== e.name ? e.type : null,
                    e.threshold !== null ? t('experiments.facts.threshold', { v: e.threshold }) : null,
                    e.weight !== null ? t('experiments.facts.weight', { v: e.weight }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {e.type === 'llm_judge' && (
                  <>
                    {' '}
                    <Link className="small" to={calibrationPath(e.name)}>
                      {t('calibration.open')}
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : (
          evaluatorNames.join(', ') || t('experiments.facts.none')
        )}
      </Fact>
      {(run.git_commit || run.git_branch) && (
        <Fact name="git" label={t('experiments.facts.git')}>
          {run.git_commit && <code title={run.git_commit}>{run.git_commit.slice(0, 12)}</code>}
          {run.git_branch && <span className="muted"> {t('experiments.facts.branch', { branch: run.git_branch })}</span>}
        </Fact>
      )}
      {run.pipeline_version && (
        <Fact name="pipeline_version" label={t('experiments.facts.pipelineVersion')}>
          <code>{run.pipeline_version}</code>
        </Fact>
      )}
      {run.retrieval_version && (
        <Fact name="retrieval_version" label={t('experiments.facts.retrievalVersion')}>
          {run.retrieval_version}
        </Fact>
      )}
      {run.evaluation_profile && (
        <Fact name="evaluation_profile" label={t('experiments.facts.evaluationProfile')}>
          {run.evaluation_profile}
        </Fact>
      )}
      <Fact name="trackers" label={t('experiments.facts.trackers')}>
        {trackers.length ? trackers.join(', ') : t('experiments.facts.none')}
      </Fact>
      {number(config.repetitions) !== null && (
        <Fact name="repetitions" label={t('experiments.facts.repetitions')}>
          {formatNumber(number(config.repetitions), lang)}
        </Fact>
      )}
      <Fact name="started" label={t('experiments.started')}>
        {formatTime(run.started_at, false, true)}
      </Fact>
      <Fact name="finished" label={t('experiments.finished')}>
        {formatTime(run.finished_at, false, true)}
      </Fact>
      <Fact name="duration" label={t('experiments.facts.duration')}>
        {formatDuration(finished >= started ? finished - started : null)}
      </Fact>
      <Fact name="counts" label={t('experiments.facts.counts')}>
        {t('experiments.facts.countsText', {
          items: formatNumber(count('items') ?? run.item_count, lang),
          passed: formatNumber(count('passed'), lang),
          failed: formatNumber(count('failed'), lang),
        })}
      </Fact>
      <Fact name="errors" label={t('experiments.facts.errors')}>
        {formatNumber(count('errors'), lang)}
      </Fact>
      <Fact name="pass_rate" label={t('experiments.passRate')}>
        {formatPercent(count('pass_rate'))}
      </Fact>
      <Fact name="mean_score" label={t('experiments.meanScore')}>
        {count('mean_score')?.toFixed(3) ?? '—'}
      </Fact>
      {count('cost') !== null && (
        <Fact name="cost" label={t('experiments.cost')}>
          {formatCost(count('cost'))}
          {count('eval_cost') !== null && <span className="muted"> {t('experiments.facts.evalCost', { cost: formatCost(count('eval_cost')) })}</span>}
        </Fact>
      )}
      {number(tokens.input) !== null && (
        <Fact name="tokens" label={t('experiments.facts.tokens')}>
          {t('experiments.facts.tokensText', { input: formatNumber(number(tokens.input), lang), output: formatNumber(number(tokens.output), lang) })}
        </Fact>
      )}
    </dl>
  );
}
