/** Prompts: each prompt's newest version and where its labels point. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatTime } from '../../../shared/format';
import { promptSnippets } from '../../../shared/snippets';
import { usePrompts } from '../api';

/** The page. */
export function PromptListPage() {
  const { t } = useTranslation();
  const prompts = usePrompts();
  return (
    <div className="page">
      <PageHeader title={t('prompts.title')} subtitle={t('prompts.subtitle')} />
      {prompts.isPending ? (
        <Loading />
      ) : prompts.error ? (
        <ErrorState error={prompts.error} onRetry={() => void prompts.refetch()} />
      ) : prompts.data.items.length === 0 ? (
        <EmptyState title={t('prompts.emptyTitle')} hint={t('prompts.emptyHint')} snippets={promptSnippets()} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="prompt-table">
            <thead>
              <tr>
                <th>{t('prompts.name')}</th>
                <th>{t('prompts.type')}</th>
                <th className="num">{t('prompts.versions')}</th>
                <th>{t('prompts.labels')}</th>
                <th>{t('prompts.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {prompts.data.items.map((p) => (
                <tr key={p.name}>
                  <td>
                    <Link to={`/prompts/${encodeURIComponent(p.name)}`}>{p.name}</Link>
                  </td>
                  <td>
                    {p.type} · {p.template_format}
                  </td>
                  <td className="num">{p.version_count}</td>
                  <td>
                    {Object.entries(p.labels).map(([label, version]) => (
                      <span key={label} className="label-chip">
                        <StatusBadge value={label} /> v{version}
                      </span>
                    ))}
                  </td>
                  <td className="nowrap">{formatTime(p.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
