/** A side-by-side diff of two prompt versions (template and config). */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { usePromptDiff } from '../api';
import { sideBySide } from '../side-by-side';

function Table({ unified, from, to }: { unified: string; from: number; to: number }) {
  const rows = useMemo(() => sideBySide(unified), [unified]);
  return (
    <table className="diff-table">
      <colgroup>
        <col className="diff-no-col" />
        <col />
        <col className="diff-no-col" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th colSpan={2}>v{from}</th>
          <th colSpan={2}>v{to}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) =>
          r.kind === 'hunk' ? (
            <tr key={i} className="diff-hunk">
              <td colSpan={4}>{r.left}</td>
            </tr>
          ) : (
            <tr key={i}>
              <td className="diff-no">{r.leftNo ?? ''}</td>
              <td className={r.kind === 'change' && r.left !== null ? 'diff-del' : r.left === null ? 'diff-empty' : ''}>{r.left ?? ''}</td>
              <td className="diff-no">{r.rightNo ?? ''}</td>
              <td className={r.kind === 'change' && r.right !== null ? 'diff-add' : r.right === null ? 'diff-empty' : ''}>{r.right ?? ''}</td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

/** The diff of `from` → `to` of prompt `name`. */
export function DiffView({ name, from, to }: { name: string; from: number; to: number }) {
  const { t } = useTranslation();
  const diff = usePromptDiff(name, from, to);
  if (from === to) return <p className="muted">{t('prompts.sameVersion')}</p>;
  if (diff.isPending) return <Loading />;
  if (diff.error) return <ErrorState error={diff.error} />;
  if (diff.data.identical || (!diff.data.prompt_diff && !diff.data.config_diff)) return <p className="muted">{t('prompts.identical')}</p>;
  return (
    <div className="diff" data-testid="prompt-diff">
      {diff.data.prompt_diff && (
        <>
          <h4>{t('prompts.template')}</h4>
          <Table unified={diff.data.prompt_diff} from={from} to={to} />
        </>
      )}
      {diff.data.config_diff && (
        <>
          <h4>{t('prompts.config')}</h4>
          <Table unified={diff.data.config_diff} from={from} to={to} />
        </>
      )}
    </div>
  );
}
