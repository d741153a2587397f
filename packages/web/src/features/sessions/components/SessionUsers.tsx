/** A session's users in the list: all of them when few, else the count and the first few, the rest on expand. */
import { useTranslation } from 'react-i18next';
import type { SessionView } from '@tracehub/core';
import { formatNumber } from '../../../shared/format';

/** Users named inline before the list folds. */
const INLINE = 3;

/** The cell. */
export function SessionUsers({ session }: { session: Pick<SessionView, 'user_ids' | 'user_count'> }) {
  const { t, i18n } = useTranslation();
  const { user_ids: users, user_count: count } = session;
  if (count <= INLINE) return <span>{users.join(', ')}</span>;
  const unnamed = count - users.length;
  return (
    <details className="session-users">
      <summary title={users.join(', ')}>
        {t('sessions.usersSummary', { n: formatNumber(count, i18n.language), first: users.slice(0, INLINE).join(', ') })}
      </summary>
      <ul className="plain-list">
        {users.map((user) => (
          <li key={user}>{user}</li>
        ))}
        {unnamed > 0 && <li className="muted">{t('sessions.moreUsers', { n: formatNumber(unnamed, i18n.language) })}</li>}
      </ul>
    </details>
  );
}
