/**
 * Judge calibration of one evaluator (`/evaluators/:name/calibration`): how well the LLM judge's
 * scores agree with people's on the same traces — Cohen's kappa and the confusion matrix for
 * pass/fail and labels, correlation and mean absolute error for numbers — and the disagreements,
 * each linking to its trace. Loaded on demand (App.tsx).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { AgreementKind } from '@tracehub/core';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { useAgreement, type AgreementParams, type AgreementView } from '../api';

const SOURCES = ['', 'experiment', 'online'] as const;
const KINDS = ['', 'boolean', 'categorical', 'numeric'] as const;
const DAYS = [0, 1, 7, 30, 90] as const;

const figure = (v: number | null) => (v === null ? '—' : v.toFixed(3));
const valueText = (v: boolean | string | number) => String(v);

function Confusion({ confusion }: { confusion: NonNullable<AgreementView['confusion']> }) {
  const { t } = useTranslation();
  return (
    <table className="table confusion" data-testid="confusion-matrix">
      <caption className="muted small">{t('calibration.confusionCaption')}</caption>
      <thead>
        <tr>
          <th>{t('calibration.judgeHuman')}</th>
          {confusion.labels.map((l) => (
            <th key={l}>{l}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.labels.map((l, i) => (
          <tr key={l}>
            <th>{l}</th>
            {confusion.matrix[i].map((n, j) => (
              <td key={confusion.labels[j]} className={i === j ? 'agree' : n ? 'disagree' : undefined}>
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Agreement({ data }: { data: AgreementView }) {
  const { t } = useTranslation();
  const numeric = data.kind === 'numeric';
  type Figure = readonly [string, string | number, string | undefined];
  const figures: Figure[] = [
    [t('calibration.kind'), t(`calibration.kinds.${data.kind}`), undefined],
    [t('calibration.pairs'), data.pairs, undefined],
    ...(numeric
      ? ([[t('calibration.pearson'), figure(data.pearson), 'pearson'], [t('calibration.mae'), figure(data.mae), undefined]] as Figure[])
      : ([[t('calibration.kappa'), figure(data.kappa), 'kappa'], [t('calibration.observed'), figure(data.observed_agreement), undefined]] as Figure[])),
    [t('calibration.judgeOnly'), data.judge_only, undefined],
  ];
  return (
    <>
      <div className="card">
        <table className="table" data-testid="agreement-figures">
          <tbody>
            {figures.map(([label, value, testId]) => (
              <tr key={label}>
                <th>{label}</th>
                <td data-testid={testId}>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.confusion && <Confusion confusion={data.confusion} />}
      </div>
      <h2>{t('calibration.disagreements', { count: data.disagreements_total })}</h2>
      {data.disagreements.length === 0 ? (
        <p className="muted">{t('calibration.noDisagreements')}</p>
      ) : (
        <div className="card">
          <table className="table" data-testid="disagreements">
            <thead>
              <tr>
                <th>{t('calibration.trace')}</th>
                <th>{t('calibration.judge')}</th>
                <th>{t('calibration.human')}</th>
                <th>{t('calibration.reasoning')}</th>
              </tr>
            </thead>
            <tbody>
              {data.disagreements.map((d) => (
                <tr key={d.trace_id}>
                  <td>
                    <Link to={`/traces/${encodeURIComponent(d.trace_id)}`}>
                      <code>{d.trace_id}</code>
                    </Link>
                    <div className="muted small">{formatTime(d.judge_time)}</div>
                  </td>
                  <td>
                    {valueText(d.judge)} <span className="muted small">({d.judge_source})</span>
                  </td>
                  <td>
                    {valueText(d.human)}
                    {d.human_comment && <div className="muted small">{d.human_comment}</div>}
                  </td>
                  <td className="small">{d.judge_reasoning ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The page. */
export function CalibrationPage() {
  const { t } = useTranslation();
  const { name = '' } = useParams();
  const [params, setParams] = useState<AgreementParams>({ days: 30, source: '', kind: '' });
  const agreement = useAgreement(name, params);
  return (
    <div className="page">
      <PageHeader title={t('calibration.title', { name })} subtitle={t('calibration.subtitle')} actions={<Link to="/evaluation-rules">{t('calibration.back')}</Link>} />
      <div className="row wrap">
        <label className="field">
          <span>{t('calibration.window')}</span>
          <select name="days" value={params.days} onChange={(e) => setParams({ ...params, days: Number(e.target.value) })}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 0 ? t('calibration.allTime') : t('calibration.lastDays', { count: d })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('calibration.source')}</span>
          <select name="source" value={params.source} onChange={(e) => setParams({ ...params, source: e.target.value })}>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`calibration.sources.${s || 'all'}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('calibration.compareAs')}</span>
          <select name="kind" value={params.kind} onChange={(e) => setParams({ ...params, kind: e.target.value as AgreementKind | '' })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`calibration.kinds.${k || 'auto'}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryView
        query={agreement}
        isEmpty={(d) => d.pairs === 0}
        empty={<EmptyState title={t('calibration.emptyTitle')} hint={t('calibration.emptyHint', { count: agreement.data?.judge_only ?? 0 })} />}
      >
        {(data) => <Agreement data={data} />}
      </QueryView>
    </div>
  );
}
