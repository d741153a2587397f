/** Projects (instance administrators): every project and a form to create one; the new project's admin key is shown once. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock } from '../../../shared/components/CodeBlock';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { useMe } from '../../auth';
import { useAdminProjects, useCreateProject } from '../api';
import { FormError } from '../../../shared/components/FormError';

/** The panel. */
export function ProjectsPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const projects = useAdminProjects(true);
  const create = useCreateProject();
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name.trim(), { onSuccess: () => setName('') });
  };
  const member = new Set((me.data?.projects ?? []).map((p) => p.project_id));
  return (
    <section className="card" data-testid="projects">
      <h2>{t('settings.projects.title')}</h2>
      <p className="muted">{t('settings.projects.hint')}</p>
      <form className="row wrap" onSubmit={submit}>
        <input name="project-name" placeholder={t('settings.projects.name')} aria-label={t('settings.projects.name')} value={name} onChange={(e) => setName(e.target.value)} required />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('settings.projects.create')}
        </button>
      </form>
      <FormError error={create.error} />
      {create.data && (
        <div className="notice" role="status">
          <strong>{t('settings.projects.keyShownOnce', { name: create.data.project.name })}</strong>
          <CodeBlock code={create.data.api_key.key} />
        </div>
      )}
      <QueryView query={projects} retry={false} loading={<ul className="plain-list" />}>
        {(data) => (
          <ul className="plain-list">
            {data.items.map((p) => (
              <li key={p.project_id}>
                <strong>{p.name}</strong> <code className="small muted">{p.project_id}</code> <span className="muted small">{formatTime(p.created_at)}</span>
                {!member.has(p.project_id) && <span className="muted small"> · {t('settings.projects.notMember')}</span>}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
