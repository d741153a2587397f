/** Retention of the current project (traces and experiment artifacts) and the disk use; project admins (docs/retention.md). */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../../../shared/components/QueryView';
import { FormError } from '../../../shared/components/FormError';
import { formatTime } from '../../../shared/format';
import { useRetention, useSaveRetention, useStorage } from '../retention-api';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Bytes in the largest unit under 1000 of it, in the UI language (Intl unit formatting). */
function formatBytes(bytes: number, lang: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

const toDays = (text: string): number | null => (text.trim() === '' ? null : Number(text));

export function RetentionPanel() {
  const { t, i18n } = useTranslation();
  const retention = useRetention();
  const storage = useStorage();
  const save = useSaveRetention();
  const [traceDays, setTraceDays] = useState('');
  const [artifactDays, setArtifactDays] = useState('');
  useEffect(() => {
    if (!retention.data) return;
    setTraceDays(retention.data.trace_days?.toString() ?? '');
    setArtifactDays(retention.data.artifact_days?.toString() ?? '');
  }, [retention.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ trace_days: toDays(traceDays), artifact_days: toDays(artifactDays) });
  };
  return (
    <>
      <section className="card" data-testid="retention">
        <h2>{t('retention.title')}</h2>
        <p className="muted">{t('retention.hint')}</p>
        <QueryView query={retention} retry={false}>
          {(data) => (
            <form className="stack" onSubmit={submit}>
              <label>
                {t('retention.traceDays')}
                <input type="number" name="trace-days" min={1} max={36500} step={1} value={traceDays} placeholder={t('retention.forever')} onChange={(e) => setTraceDays(e.target.value)} />
              </label>
              <p className="muted">{t('retention.traceDaysHint')}</p>
              <label>
                {t('retention.artifactDays')}
                <input
                  type="number"
                  name="artifact-days"
                  min={1}
                  max={36500}
                  step={1}
                  value={artifactDays}
                  placeholder={data.default_artifact_days ? t('retention.serverDefault', { days: data.default_artifact_days }) : t('retention.forever')}
                  onChange={(e) => setArtifactDays(e.target.value)}
                />
              </label>
              <div className="row">
                <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                  {t('retention.save')}
                </button>
                {save.isSuccess && <span role="status">{t('retention.saved')}</span>}
                {data.updated_at && <span className="muted">{t('retention.updatedAt', { time: formatTime(data.updated_at) })}</span>}
              </div>
              <FormError error={save.error} />
            </form>
          )}
        </QueryView>
      </section>
      <section className="card" data-testid="storage">
        <h2>{t('retention.storage.title')}</h2>
        <QueryView query={storage} retry={false}>
          {(data) => (
            <dl className="facts">
              <div>
                <dt>{t('retention.storage.database')}</dt>
                <dd data-testid="database-bytes">{data.database_bytes === null ? t('retention.storage.unknown') : formatBytes(data.database_bytes, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('retention.storage.volume')}</dt>
                <dd>{data.data_volume_used_percent === null ? t('retention.storage.unknown') : t('retention.storage.percent', { value: data.data_volume_used_percent })}</dd>
              </div>
            </dl>
          )}
        </QueryView>
      </section>
    </>
  );
}
