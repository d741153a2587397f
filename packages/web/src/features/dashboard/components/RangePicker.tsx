/** The dashboard's time range: last 1 hour … 1 year. */
import { useTranslation } from 'react-i18next';

/** The ranges offered, in hours. */
export const RANGES = [1, 6, 24, 72, 168, 720, 2160, 8760] as const;

/** A range's label: hours below a day, days above. */
export function useRangeLabel() {
  const { t } = useTranslation();
  return (h: number) => (h < 24 ? t('dashboard.rangeHours', { n: h }) : t('dashboard.rangeDays', { n: h / 24 }));
}

/** Buttons of the ranges. */
export function RangePicker({ value, onChange }: { value: number; onChange: (hours: number) => void }) {
  const { t } = useTranslation();
  const label = useRangeLabel();
  return (
    <div className="segmented" role="group" aria-label={t('dashboard.range')}>
      {RANGES.map((h) => (
        <button key={h} type="button" className={h === value ? 'seg active' : 'seg'} aria-pressed={h === value} onClick={() => onChange(h)}>
          {label(h)}
        </button>
      ))}
    </div>
  );
}
