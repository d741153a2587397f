/**
 * An evaluator's structured comment `{passed_items, failed_items, reasoning, suggestions}` as text: the
 * reasoning, then the passed and failed checks and the suggestions as lists (never as JSON).
 */
import { type ScoreComment, scoreCommentSchema } from '@tracehub/core';
import { useTranslation } from 'react-i18next';

/** The comment, when `value` is a structured score comment. */
export function asScoreComment(value: unknown): ScoreComment | null {
  const parsed = scoreCommentSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
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
