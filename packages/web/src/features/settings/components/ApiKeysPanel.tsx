/** API keys of the current project: create (the key, or a Langfuse key pair, is shown once) and revoke. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock } from '../../../shared/components/CodeBlock';
import { DataTable } from '../../../shared/components/DataTable';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { useApiKeys, useCreateKey, useRevokeKey } from '../api';
import { langfuseEnvSnippet } from '../langfuse-env';
import { FormError } from '../../../shared/components/FormError';

const SCOPES = ['ingest', 'read', 'admin', 'feedback'] as const;

/** The panel. */
export function ApiKeysPanel() {
  const { t } = useTranslation();
  const keys = useApiKeys(true);
  const create = useCreateKey();
  const revoke = useRevokeKey();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['ingest', 'read']);
  const [langfuse, setLangfuse] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), scopes, format: langfuse ? 'langfuse' : 'tracehub' }, { onSuccess: () => setName('') });
  };
  return (
    <section className="card" data-testid="api-keys">
      <h2>{t('settings.keys.title')}</h2>
      <p className="muted">{t('settings.keys.hint')}</p>
      <form className="row wrap" onSubmit={submit}>
        <input name="key-name" placeholder={t('settings.keys.namePlaceholder')} aria-label={t('settings.keys.name')} value={name} onChange={(e) => setName(e.target.value)} required />
        {SCOPES.map((s) => (
          <label key={s} className="checkbox">
            <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} />
            {s}
          </label>
        ))}
        <label className="checkbox" title={t('settings.keys.langfuseHint')}>
          <input type="checkbox" name="langfuse-pair" checked={langfuse} onChange={(e) => setLangfuse(e.target.checked)} />
          {t('settings.keys.langfusePair')}
        </label>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || scopes.length === 0}>
          {t('settings.keys.create')}
        </button>
      </form>
      <FormError error={create.error} />
      {create.data && (
        <div className="notice" role="status">
          <strong>{t('settings.keys.shownOnce')}</strong>
          {create.data.public_key ? (
            <>
              <CodeBlock label={t('settings.keys.publicKey')} code={create.data.public_key} />
              <CodeBlock label={t('settings.keys.secretKey')} code={create.data.key} />
              <CodeBlock label={t('settings.keys.langfuseEnv')} code={langfuseEnvSnippet(window.location.origin, create.data.public_key, create.data.key)} />
            </>
          ) : (
            <CodeBlock code={create.data.key} />
          )}
        </div>
      )}
      <QueryView query={keys} retry={false}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(k) => k.key_id}
            columns={[
              { id: 'name', header: t('settings.keys.name'), cell: (k) => k.name },
              {
                id: 'prefix',
                header: t('settings.keys.prefix'),
                cell: (k) => (
                  <>
                    <code>{k.key_prefix}…</code>
                    {k.public_key && (
                      <div className="muted">
                        {t('settings.keys.publicKey')}: <code>{k.public_key}</code>
                      </div>
                    )}
                  </>
                ),
              },
              { id: 'scopes', header: t('settings.keys.scopes'), cell: (k) => k.scopes.join(', ') },
              { id: 'created', header: t('settings.keys.created'), cellClassName: 'nowrap', cell: (k) => formatTime(k.created_at) },
              {
                id: 'state',
                header: t('settings.keys.state'),
                cell: (k) => (k.revoked_at ? <span className="badge badge-bad">{t('settings.keys.revoked')}</span> : <span className="badge badge-ok">{t('settings.keys.active')}</span>),
              },
              {
                id: 'actions',
                cell: (k) =>
                  !k.revoked_at &&
                  (confirming === k.key_id ? (
                    <span className="row">
                      <button type="button" className="btn btn-danger btn-small" onClick={() => revoke.mutate(k.key_id, { onSettled: () => setConfirming(null) })}>
                        {t('settings.keys.confirmRevoke')}
                      </button>
                      <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                        {t('common.cancel')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => setConfirming(k.key_id)}>
                      {t('settings.keys.revoke')}
                    </button>
                  )),
              },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
