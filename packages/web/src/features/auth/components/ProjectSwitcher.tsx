/** The project switcher: only the projects the user is a member of; the choice travels as `x-tracehub-project`. */
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { setSelectedProject, useSelectedProject } from '../../../shared/api/project-selection';
import { ME_KEY, useMe } from '../api';

/** A select of projects; switching refetches every page's data. */
export function ProjectSwitcher() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const me = useMe();
  const selected = useSelectedProject();
  if (!me.data) return null;
  if (me.data.projects.length === 0) return <span className="project-switcher muted" data-testid="no-project">{t('nav.noProject')}</span>;
  const value = selected && me.data.projects.some((p) => p.project_id === selected) ? selected : (me.data.project_id ?? '');
  return (
    <label className="project-switcher">
      <span className="sr-only">{t('nav.project')}</span>
      <select
        aria-label={t('nav.project')}
        value={value}
        onChange={(e) => {
          setSelectedProject(e.target.value);
          void client.resetQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
        }}
      >
        {me.data.projects.map((p) => (
          <option key={p.project_id} value={p.project_id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
