/** The error of a form or an action, in the UI's language (shared/api/error-text.ts). */
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/error-text';

/** Shows nothing without an error. */
export function FormError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const text = errorText(error, t, i18n.language);
  return (
    <div className="form-error" role="alert">
      {text.summary}
      {text.detail && <> {text.detail}</>}
      {text.fields.length > 0 && (
        <ul>
          {text.fields.map((field) => (
            <li key={field}>{field}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
