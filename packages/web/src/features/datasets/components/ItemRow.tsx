/** One dataset item: input and expected output, with an editor for the expected value (latest version only). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DatasetItemView } from '@tracehub/core';

const preview = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text && text.length > 300 ? `${text.slice(0, 300)}…` : (text ?? '');
};

const editable = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** A table row; `onSave` receives the item with its new expected output. */
export function ItemRow({
  item,
  canEdit,
  onSave,
  onRemove,
  busy,
}: {
  item: DatasetItemView;
  canEdit: boolean;
  onSave: (item: DatasetItemView) => void;
  onRemove: (itemId: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  // JSON by default when the stored value is not text; text otherwise. Invalid JSON is never saved as text silently.
  const [asJson, setAsJson] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const startEditing = () => {
    setDraft(editable(item.expected_output));
    setAsJson(item.expected_output !== null && item.expected_output !== undefined && typeof item.expected_output !== 'string');
    setInvalid(false);
    setEditing(true);
  };
  const save = () => {
    let value: unknown = draft;
    if (asJson && draft.trim() !== '') {
      try {
        value = JSON.parse(draft);
      } catch {
        setInvalid(true);
        return;
      }
    }
    onSave({ ...item, expected_output: draft.trim() === '' ? null : value });
    setEditing(false);
  };
  return (
    <tr data-item-id={item.id}>
      <td>
        <code className="small">{item.id}</code>
      </td>
      <td className="clip-cell">{preview(item.input)}</td>
      <td className="clip-cell">
        {editing ? (
          <div className="stack">
            <textarea
              rows={4}
              value={draft}
              aria-label={t('datasets.expected')}
              aria-invalid={invalid}
              onChange={(e) => (setDraft(e.target.value), setInvalid(false))}
            />
            {invalid && (
              <div className="form-error" role="alert">
                {t('datasets.invalidJson')}
              </div>
            )}
            <div className="row">
              <label className="row small" title={t('datasets.asJsonHint')}>
                <input type="checkbox" checked={asJson} onChange={(e) => (setAsJson(e.target.checked), setInvalid(false))} />
                {t('datasets.asJson')}
              </label>
              <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={save}>
                {t('common.save')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : (
          preview(item.expected_output)
        )}
      </td>
      <td>{t(`datasets.itemStatus.${item.status}`)}</td>
      <td>{item.source_trace_id ? <Link to={`/traces/${encodeURIComponent(item.source_trace_id)}`}>{t('datasets.trace')}</Link> : ''}</td>
      <td className="num">v{item.version}</td>
      <td>
        <div className="row">
          {canEdit && !editing && (
            <>
              <button type="button" className="btn btn-small" onClick={startEditing}>
                {t('datasets.editExpected')}
              </button>
              <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => onRemove(item.id)}>
                {t('common.delete')}
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}
