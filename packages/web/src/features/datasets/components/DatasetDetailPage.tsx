/** One dataset: pick a version, see its items, and edit expected values (each change makes a new version). */
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { formatTime } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { useDataset, useDatasetVersions, useItemMutations } from '../api';
import { ItemRow } from './ItemRow';
import { FormError } from '../../../shared/components/FormError';

/** The page; `?version=` picks a version. */
export function DatasetDetailPage() {
  const { t } = useTranslation();
  const { name = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const requested = Number(params.get('version')) || undefined;
  const dataset = useDataset(name, requested);
  const versions = useDatasetVersions(name);
  const { save, remove } = useItemMutations(name);
  const { canWrite } = usePermissions();
  if (dataset.isPending) return <Loading />;
  if (dataset.error) return <ErrorState error={dataset.error} onRetry={() => void dataset.refetch()} notFound={{ kind: 'dataset', listPath: '/datasets' }} />;
  const { dataset: ds, version, items } = dataset.data;
  const atLatest = !version || version.version === ds.latest_version;
  const error = save.error ?? remove.error;
  return (
    <div className="page">
      <Link to="/datasets" className="back-link">
        ← {t('datasets.title')}
      </Link>
      <PageHeader
        title={ds.name}
        subtitle={ds.description ?? undefined}
        actions={
          <select aria-label={t('datasets.version')} value={version?.version ?? ''} onChange={(e) => setParams({ version: e.target.value })}>
            {(versions.data?.items ?? []).map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version} · {formatTime(v.created_at)} · {t('datasets.changes', { added: v.added, updated: v.updated, removed: v.removed })}
              </option>
            ))}
          </select>
        }
      />
      {version && (
        <p className="muted small">
          sha256 <code>{version.sha256.slice(0, 16)}…</code> · {version.message ?? ''}
          {!atLatest && ` · ${t('datasets.oldVersion')}`}
        </p>
      )}
      <FormError error={error} />
      {items.length === 0 ? (
        <EmptyState title={t('datasets.noItems')} hint={t('datasets.noItemsHint')} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="dataset-items">
            <thead>
              <tr>
                <th>{t('datasets.itemId')}</th>
                <th>{t('datasets.input')}</th>
                <th>{t('datasets.expected')}</th>
                <th>{t('datasets.status')}</th>
                <th>{t('datasets.source')}</th>
                <th className="num">{t('datasets.version')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <ItemRow
                  key={item.id}
                  item={item}
                  canEdit={canWrite && atLatest}
                  busy={save.isPending || remove.isPending}
                  onSave={(changed) => save.mutate({ item: changed, message: t('datasets.editedMessage', { id: changed.id }) }, { onSuccess: () => setParams({}) })}
                  onRemove={(id) => remove.mutate(id, { onSuccess: () => setParams({}) })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
