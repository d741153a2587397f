/** One policy: its versions, each definition as YAML or JSON, and activation (admins). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { CodeBlock } from '../../../shared/components/CodeBlock';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { formatTime } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { useActivatePolicy, usePolicy, usePolicyVersions } from '../api';
import { policyYaml } from '../policy-yaml';
import { FormError } from '../../../shared/components/FormError';

/** The page; `?version=` selects a version. */
export function PolicyDetailPage() {
  const { t } = useTranslation();
  const { policyId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const policy = usePolicy(policyId);
  const versions = usePolicyVersions(policyId);
  const activate = useActivatePolicy(policyId);
  const { isAdmin } = usePermissions();
  const [format, setFormat] = useState<'yaml' | 'json'>('yaml');
  if (policy.isPending || versions.isPending) return <Loading />;
  if (policy.error || versions.error) return <ErrorState error={policy.error ?? versions.error} onRetry={() => void versions.refetch()} />;
  const items = [...versions.data.items].sort((a, b) => b.version - a.version);
  const selectedVersion = Number(params.get('version')) || policy.data.effective_version || items[0]?.version;
  const selected = items.find((v) => v.version === selectedVersion) ?? items[0];
  return (
    <div className="page">
      <Link to="/policies" className="back-link">
        ← {t('policies.title')}
      </Link>
      <PageHeader title={policy.data.name} subtitle={policy.data.description ?? undefined} />
      <div className="detail-grid">
        <section className="card">
          <h2>{t('policies.versions')}</h2>
          <table className="table" data-testid="policy-versions">
            <thead>
              <tr>
                <th>{t('policies.version')}</th>
                <th>{t('policies.effectiveFrom')}</th>
                <th>{t('policies.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.version} className={v.version === selected?.version ? 'row-cursor' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setParams({ version: String(v.version) })}>
                      v{v.version}
                    </button>
                  </td>
                  <td className="nowrap">{formatTime(v.effective_from)}</td>
                  <td>
                    {v.in_force && <span className="badge badge-ok">{t('policies.inForce')}</span>}{' '}
                    {v.active && !v.in_force && <span className="badge badge-warn">{t('policies.scheduled')}</span>}
                  </td>
                  <td>
                    {isAdmin && !v.active && (
                      <button type="button" className="btn btn-small" disabled={activate.isPending} onClick={() => activate.mutate(v.version)}>
                        {t('policies.activate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <FormError error={activate.error} />
        </section>
        {selected && (
          <section className="card">
            <div className="section-head">
              <h2>{t('policies.definition', { version: selected.version })}</h2>
              <div className="segmented">
                {(['yaml', 'json'] as const).map((f) => (
                  <button key={f} type="button" className={f === format ? 'seg active' : 'seg'} aria-pressed={f === format} onClick={() => setFormat(f)}>
                    {f.toUpperCase()}
                  </button>
                ))}
              </div>
            </div>
            <p className="muted small">{t('policies.createdAt', { time: formatTime(selected.created_at) })}</p>
            <CodeBlock code={format === 'yaml' ? policyYaml(selected.definition) : JSON.stringify(selected.definition, null, 2)} />
          </section>
        )}
      </div>
    </div>
  );
}
