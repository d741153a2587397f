/**
 * The run's artifacts (its results folder uploaded to Trace Hub): report.md rendered through the
 * shared Markdown component (raw HTML dropped, links checked), and every file downloadable.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArtifactView } from '@tracehub/core';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { Markdown } from '../../../shared/components/Markdown';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatNumber, formatTime } from '../../../shared/format';
import { fetchArtifact, useArtifacts, useArtifactText } from '../api';

/** The rendered report: report.md at the top of the folder, else the first report.md in a subfolder. */
function reportOf(files: ArtifactView[]): ArtifactView | undefined {
  const uploaded = files.filter((f) => f.uploaded);
  return uploaded.find((f) => f.path === 'report.md') ?? uploaded.find((f) => f.path.endsWith('/report.md'));
}

/** Saves one artifact through the browser (fetched with the session and project, then handed over as a blob). */
async function saveArtifact(runId: string, file: ArtifactView): Promise<void> {
  const blob = await fetchArtifact(runId, file.path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.path.split('/').pop() ?? file.path;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Report({ runId, file }: { runId: string; file: ArtifactView }) {
  const { t } = useTranslation();
  const text = useArtifactText(runId, file.path, true);
  return (
    <section className="card" data-testid="experiment-report">
      <h2>{t('experiments.artifacts.report', { path: file.path })}</h2>
      {text.isPending ? <Loading /> : text.error ? <ErrorState error={text.error} onRetry={() => void text.refetch()} /> : <Markdown text={text.data} />}
    </section>
  );
}

/** The artifacts section of the run page. */
export function ExperimentArtifacts({ runId }: { runId: string }) {
  const { t, i18n } = useTranslation();
  const artifacts = useArtifacts(runId);
  const [failed, setFailed] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (artifacts.isPending) return <Loading />;
  if (artifacts.error) return <ErrorState error={artifacts.error} onRetry={() => void artifacts.refetch()} />;
  const { files, complete, uploaded_at: uploadedAt } = artifacts.data;
  const report = reportOf(files);
  const download = async (file: ArtifactView) => {
    setBusy(file.path);
    setFailed(null);
    try {
      await saveArtifact(runId, file);
    } catch (error) {
      setFailed(error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      {report && <Report runId={runId} file={report} />}
      <section className="card" data-testid="experiment-artifacts">
        <div className="section-head">
          <h2>{t('experiments.artifacts.title', { n: files.length })}</h2>
          {uploadedAt && <span className="muted small">{t('experiments.artifacts.uploadedAt', { time: formatTime(uploadedAt) })}</span>}
        </div>
        {files.length === 0 ? (
          <p className="muted">{t('experiments.artifacts.none')}</p>
        ) : (
          <>
            {!complete && <p className="form-error">{t('experiments.artifacts.incomplete', { n: files.filter((f) => !f.uploaded).length })}</p>}
            {failed !== null && <ErrorState error={failed} />}
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('experiments.artifacts.file')}</th>
                    <th className="num">{t('experiments.artifacts.size')}</th>
                    <th>sha256</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {files.map((file) => (
                    <tr key={file.path}>
                      <td>
                        <code>{file.path}</code>
                      </td>
                      <td className="num">{t('experiments.artifacts.bytes', { n: formatNumber(file.bytes, i18n.language) })}</td>
                      <td>
                        <code title={file.sha256}>{file.sha256.slice(0, 12)}</code>
                      </td>
                      <td>
                        {file.uploaded ? (
                          <button type="button" className="btn btn-small" disabled={busy === file.path} onClick={() => void download(file)}>
                            {t('experiments.artifacts.download')}
                          </button>
                        ) : (
                          <StatusBadge value={t('experiments.artifacts.missing')} tone="warn" />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
