/** Prompts: each prompt's newest version and where its labels point. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DataTable } from '../../../shared/components/DataTable';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView, noItems } from '../../../shared/components/QueryView';
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
      <QueryView query={prompts} isEmpty={noItems} empty={<EmptyState title={t('prompts.emptyTitle')} hint={t('prompts.emptyHint')} snippets={promptSnippets()} />}>
        {(data) => (
          <DataTable
            testId="prompt-table"
            rows={data.items}
            rowKey={(p) => p.name}
            columns={[
              { id: 'name', header: t('prompts.name'), cell: (p) => <Link to={`/prompts/${encodeURIComponent(p.name)}`}>{p.name}</Link> },
              {
                id: 'type',
                header: t('prompts.type'),
                cell: (p) => (
                  <>
                    {p.type} · {p.template_format}
                  </>
                ),
              },
              { id: 'versions', header: t('prompts.versions'), numeric: true, cell: (p) => p.version_count },
              {
                id: 'labels',
                header: t('prompts.labels'),
                cell: (p) =>
                  Object.entries(p.labels).map(([label, version]) => (
                    <span key={label} className="label-chip">
                      <StatusBadge value={label} /> v{version}
                    </span>
                  )),
              },
              { id: 'updated', header: t('prompts.updated'), cellClassName: 'nowrap', cell: (p) => formatTime(p.updated_at) },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}
