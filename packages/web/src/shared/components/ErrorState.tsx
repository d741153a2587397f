/** An error box that says what went wrong, in the UI's language, and offers a retry. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/http-client';
import { errorText } from '../api/error-text';

/** What a detail page shows: a trace, case, prompt, dataset, experiment run or session. */
export type NotFoundKind = 'trace' | 'case' | 'prompt' | 'dataset' | 'experiment' | 'session';

/** A detail page's not-found explanation: what is missing, and where its list is. */
export interface NotFoundInfo {
  kind: NotFoundKind;
  /** The list page to go back to (e.g. `/traces`). */
  listPath: string;
  /** A search for the missing id, when the list can search for it. */
  searchPath?: string;
}

/** The reasons a missing thing of `kind` may be missing (ingestion is asynchronous only for traces and sessions). */
const REASONS: Record<NotFoundKind, readonly ('notYet' | 'otherProject' | 'deleted' | 'expired')[]> = {
  trace: ['notYet', 'otherProject', 'expired'],
  session: ['notYet', 'otherProject', 'expired'],
  case: ['otherProject', 'deleted'],
  prompt: ['otherProject', 'deleted'],
  dataset: ['otherProject', 'deleted'],
  experiment: ['otherProject', 'deleted'],
};

/** A 404 on a detail page: why it may be missing, and links back; no retry (there is nothing to retry). */
function NotFoundState({ info }: { info: NotFoundInfo }) {
  const { t } = useTranslation();
  return (
    <div className="error-state" role="alert" data-testid="not-found">
      <strong>{t(`errors.missing.title.${info.kind}`)}</strong>
      <p className="muted">{t('errors.missing.why')}</p>
      <ul className="not-found-reasons">
        {REASONS[info.kind].map((reason) => (
          <li key={reason}>{t(`errors.missing.${reason}`)}</li>
        ))}
      </ul>
      <div className="not-found-links">
        <Link className="btn" to={info.listPath}>
          {t(`errors.missing.list.${info.kind}`)}
        </Link>
        {info.searchPath && (
          <Link className="btn" to={info.searchPath}>
            {t('errors.missing.search')}
          </Link>
        )}
      </div>
    </div>
  );
}

/**
 * Shows an API or network error; `onRetry` adds a retry button. With `notFound`, a 404 answer shows
 * what may have happened and links back instead (other errors keep the retry).
 */
export function ErrorState({ error, onRetry, notFound }: { error: unknown; onRetry?: () => void; notFound?: NotFoundInfo }) {
  const { t, i18n } = useTranslation();
  const api = error instanceof ApiError ? error : null;
  if (notFound && api?.status === 404) return <NotFoundState info={notFound} />;
  const title =
    api?.status === 0 ? t('errors.network') : api?.status === 403 ? t('errors.forbidden') : api?.status === 404 ? t('errors.notFound') : t('errors.generic');
  const text = errorText(error, t, i18n.language);
  return (
    <div className="error-state" role="alert">
      <strong>{title}</strong>
      <p className="muted">
        {text.summary}
        {text.detail && <> {text.detail}</>}
      </p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
