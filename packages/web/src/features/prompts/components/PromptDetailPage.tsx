/** One prompt: versions with labels, the selected version, promote (move a label), and a side-by-side diff. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatTime } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { useLabelMutations, usePromptVersions } from '../api';
import { DiffView } from './DiffView';
import { FormError } from '../../../shared/components/FormError';

const SUGGESTED = ['production', 'staging'];

/** The page; `?version=` selects a version, `?from=&to=` the compared pair. */
export function PromptDetailPage() {
  const { t } = useTranslation();
  const { name = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const versions = usePromptVersions(name);
  const { promote, remove } = useLabelMutations(name);
  const { canWrite } = usePermissions();
  const [label, setLabel] = useState('production');
  if (versions.isPending) return <Loading />;
  if (versions.error) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} notFound={{ kind: 'prompt', listPath: '/prompts' }} />;
  const items = [...versions.data.items].sort((a, b) => b.version - a.version);
  const newest = items[0]?.version ?? 1;
  const selected = items.find((v) => v.version === Number(params.get('version'))) ?? items[0];
  const from = Number(params.get('from')) || items[1]?.version || newest;
  const to = Number(params.get('to')) || newest;
  const set = (changes: Record<string, string>) => setParams((p) => (Object.entries(changes).forEach(([k, v]) => p.set(k, v)), p), { replace: true });
  const error = promote.error ?? remove.error;

  return (
    <div className="page">
      <Link to="/prompts" className="back-link">
        ← {t('prompts.title')}
      </Link>
      <PageHeader title={name} subtitle={t('prompts.versionCount', { n: items.length })} />
      <div className="detail-grid">
        <section className="card">
          <h2>{t('prompts.versions')}</h2>
          <table className="table" data-testid="prompt-versions">
            <thead>
              <tr>
                <th>{t('prompts.version')}</th>
                <th>{t('prompts.labels')}</th>
                <th>{t('prompts.message')}</th>
                <th>{t('prompts.created')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.version} className={v.version === selected?.version ? 'row-cursor' : undefined} data-version={v.version}>
                  <td>
                    <button type="button" className="link-button" onClick={() => set({ version: String(v.version) })}>
                      v{v.version}
                    </button>
                  </td>
                  <td>
                    {v.labels.map((l) => (
                      <span key={l} className="label-chip">
                        <StatusBadge value={l} />
                        {canWrite && l !== 'latest' && (
                          <button type="button" className="chip-x" aria-label={t('prompts.removeLabel', { label: l })} onClick={() => remove.mutate(l)}>
                            ×
                          </button>
                        )}
                      </span>
                    ))}
                  </td>
                  <td className="muted">{v.commit_message ?? ''}</td>
                  <td className="nowrap">{formatTime(v.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <FormError error={error} />
        </section>
        {selected && (
          <section className="card" data-testid="prompt-version">
            <div className="section-head">
              <h2>
                v{selected.version} <span className="muted small">{selected.type} · {selected.template_format}</span>
              </h2>
              {canWrite && (
                <form
                  className="row"
                  onSubmit={(e) => {
                    e.preventDefault();
                    promote.mutate({ version: selected.version, label: label.trim() });
                  }}
                >
                  <input list="prompt-labels" aria-label={t('prompts.label')} value={label} onChange={(e) => setLabel(e.target.value)} required />
                  <datalist id="prompt-labels">
                    {SUGGESTED.map((s) => (
                      <option key={s} value={s} />
                    ))}
                  </datalist>
                  <button type="submit" className="btn btn-primary" disabled={promote.isPending}>
                    {t('prompts.promote')}
                  </button>
                </form>
              )}
            </div>
            <p className="muted small">
              {t('prompts.variables')}: {selected.variables.length ? selected.variables.join(', ') : '—'}
            </p>
            <PayloadViewer title={t('prompts.template')} value={selected.prompt} />
            <PayloadViewer title={t('prompts.config')} value={selected.config} />
          </section>
        )}
      </div>
      {items.length > 1 && (
        <section className="card">
          <div className="section-head">
            <h2>{t('prompts.compare')}</h2>
            <div className="row">
              <select aria-label={t('prompts.from')} value={from} onChange={(e) => set({ from: e.target.value })}>
                {items.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </select>
              →
              <select aria-label={t('prompts.to')} value={to} onChange={(e) => set({ to: e.target.value })}>
                {items.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <DiffView name={name} from={from} to={to} />
        </section>
      )}
    </div>
  );
}
