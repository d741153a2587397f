/** Lets the user choose the trace list's columns (remembered in localStorage). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLUMN_IDS, columnLabelKey, DEFAULT_COLUMNS, type ColumnId } from '../columns';

/** A "Columns" button with a checkbox menu; `scoreNames` (evaluation names on the page or chosen) can be columns of their own. */
export function ColumnPicker({
  columns,
  onChange,
  scoreNames = [],
  scoreColumns = [],
  onScoreColumns,
}: {
  columns: ColumnId[];
  onChange: (columns: ColumnId[]) => void;
  scoreNames?: string[];
  scoreColumns?: string[];
  onScoreColumns?: (names: string[]) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="menu-anchor">
      <button type="button" className="btn" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('traces.columns')}
      </button>
      {open && (
        <div className="menu" role="menu">
          {COLUMN_IDS.map((id) => (
            <label key={id} className="menu-item">
              <input
                type="checkbox"
                checked={columns.includes(id)}
                disabled={columns.length === 1 && columns.includes(id)}
                onChange={(e) => onChange(e.target.checked ? [...columns, id] : columns.filter((c) => c !== id))}
              />
              {t(columnLabelKey(id))}
            </label>
          ))}
          {onScoreColumns &&
            scoreNames.map((name) => (
              <label key={`score:${name}`} className="menu-item">
                <input
                  type="checkbox"
                  checked={scoreColumns.includes(name)}
                  onChange={(e) => onScoreColumns(e.target.checked ? [...scoreColumns, name] : scoreColumns.filter((c) => c !== name))}
                />
                {t('scores.columnOf', { name })}
              </label>
            ))}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              onChange(DEFAULT_COLUMNS);
              onScoreColumns?.([]);
            }}
          >
            {t('traces.resetColumns')}
          </button>
        </div>
      )}
    </div>
  );
}
