/**
 * An evaluator's structured comment `{passed_items, failed_items, reasoning, suggestions}` as text: the
 * reasoning, then the passed and failed checks and the suggestions as lists (never as JSON).
 */
import type { ScoreComment } from '@tracehub/core';
import { useTranslation } from 'react-i18next';

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * The comment, when `value` has the shape of core's scoreCommentSchema. Checked by hand: importing
 * the schema would bring zod (and the rest of core) into the first page's bundle.
 */
export function asScoreComment(value: unknown): ScoreComment | null {
  if (!value || typeof value !== 'object') return null;
  const c = value as Record<string, unknown>;
  if (typeof c.reasoning !== 'string' || !isStrings(c.passed_items) || !isStrings(c.failed_items) || !isStrings(c.suggestions)) return null;
  return { reasoning: c.reasoning, passed_items: c.passed_items, failed_items: c.failed_items, suggestions: c.suggestions };
}

/** A list under a heading, when it has entries. */
function Checks({ title, entries }: { title: string; entries: string[] }) {
  if (entries.length === 0) return null;
  return (
    <div className="score-checks">
      <div className="small muted">{title}</div>
      <ul>
        {entries.map((entry, i) => (
          <li key={`${i}-${entry}`}>{entry}</li>
        ))}
      </ul>
    </div>
  );
}

/** The comment's reasoning, checks and suggestions. */
export function ScoreCommentView({ comment }: { comment: ScoreComment }) {
  const { t } = useTranslation();
  return (
    <div className="score-comment">
      {comment.reasoning && <p className="score-reasoning">{comment.reasoning}</p>}
      <Checks title={t('scoreComment.passedChecks')} entries={comment.passed_items} />
      <Checks title={t('scoreComment.failedChecks')} entries={comment.failed_items} />
      <Checks title={t('scoreComment.suggestions')} entries={comment.suggestions} />
    </div>
  );
}
