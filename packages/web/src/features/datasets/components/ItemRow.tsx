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
  const save = () => {
    let value: unknown = draft;
    try {
      value = JSON.parse(draft);
    } catch {
      // plain text stays text
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
            <textarea rows={4} value={draft} aria-label={t('datasets.expected')} onChange={(e) => setDraft(e.target.value)} />
            <div className="row">
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
      <td>{item.status}</td>
      <td>{item.source_trace_id ? <Link to={`/traces/${encodeURIComponent(item.source_trace_id)}`}>{t('datasets.trace')}</Link> : ''}</td>
      <td className="num">v{item.version}</td>
      <td>
        <div className="row">
          {canEdit && !editing && (
            <>
              <button type="button" className="btn btn-small" onClick={() => (setDraft(editable(item.expected_output)), setEditing(true))}>
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
