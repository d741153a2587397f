/**
 * Scores in sight: an evaluation name's scores as a small badge (mean score, or passed/failed),
 * the same in the trace header, the span tree and the trace list's Scores column.
 */
import { useTranslation } from 'react-i18next';
import type { EvalView, TraceScoreSummary } from '@tracehub/core';

/** Evaluations summarised by name (mean score, count, passed, failed), names in order; the list answers the same shape. */
export function summarizeEvals(evals: readonly Pick<EvalView, 'eval_name' | 'score' | 'passed'>[]): TraceScoreSummary[] {
  const byName = new Map<string, { sum: number; scored: number; count: number; passed: number; failed: number }>();
  for (const e of evals) {
    const s = byName.get(e.eval_name) ?? { sum: 0, scored: 0, count: 0, passed: 0, failed: 0 };
    s.count += 1;
    if (e.score != null) {
      s.sum += e.score;
      s.scored += 1;
    }
    if (e.passed === true) s.passed += 1;
    if (e.passed === false) s.failed += 1;
    byName.set(e.eval_name, s);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, s]) => ({ name, avg: s.scored ? s.sum / s.scored : null, count: s.count, passed: s.passed, failed: s.failed }));
}

/** Evaluations of spans summarised per span id (trace-level evaluations are left out). */
export function scoresBySpan(evals: readonly Pick<EvalView, 'span_id' | 'eval_name' | 'score' | 'passed'>[]): Map<string, TraceScoreSummary[]> {
  const groups = new Map<string, Pick<EvalView, 'eval_name' | 'score' | 'passed'>[]>();
  for (const e of evals) {
    if (!e.span_id) continue;
    const list = groups.get(e.span_id) ?? [];
    list.push(e);
    groups.set(e.span_id, list);
  }
  return new Map([...groups].map(([id, list]) => [id, summarizeEvals(list)]));
}

const formatScore = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** One evaluation name's badge: `name 0.82` (mean score) or `name ✓2 ✗1`; coloured by pass/fail when known; without the name in a column of its own. */
export function ScoreBadge({ score, showName = true }: { score: TraceScoreSummary; showName?: boolean }) {
  const { t } = useTranslation();
  const tone = score.failed > 0 ? 'bad' : score.passed > 0 ? 'ok' : 'neutral';
  const value = score.avg != null ? formatScore(score.avg) : `✓${score.passed} ✗${score.failed}`;
  const title = [
    score.avg != null ? t('scores.badge', { name: score.name, avg: formatScore(score.avg), count: score.count }) : null,
    score.passed + score.failed > 0 ? t('scores.passFail', { name: score.name, passed: score.passed, failed: score.failed }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <span className={`badge badge-${tone} score-badge`} title={title} data-score={score.name}>
      {showName && <span className="score-name">{score.name}</span>} {value}
    </span>
  );
}

/** Badges for a list of scores (nothing when empty). */
export function ScoreBadges({ scores }: { scores: readonly TraceScoreSummary[] }) {
  if (scores.length === 0) return null;
  return (
    <span className="score-badges">
      {scores.map((s) => (
        <ScoreBadge key={s.name} score={s} />
      ))}
    </span>
  );
}
