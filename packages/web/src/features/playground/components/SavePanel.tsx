/** Saves the edited prompt as a new version (with a commit message) or the case as a dataset item. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../shared/components/FormError';
import { useSaveDatasetItem, useSavePromptVersion } from '../api';
import type { PromptDraft, TargetOutput } from '../types';

/** The two save forms. */
export function SavePanel({
  promptName,
  draft,
  variables,
  outputs,
  traceId,
}: {
  promptName: string;
  draft: PromptDraft;
  variables: Record<string, string>;
  outputs: TargetOutput[];
  traceId: string | null;
}) {
  const { t } = useTranslation();
  const savePrompt = useSavePromptVersion();
  const saveItem = useSaveDatasetItem();
  const [name, setName] = useState(promptName);
  const [message, setMessage] = useState('');
  const [dataset, setDataset] = useState('');
  const [expectedFrom, setExpectedFrom] = useState(0);
  useEffect(() => setName(promptName), [promptName]);
  const finished = outputs.filter((o) => o.done);

  return (
    <div className="io-grid">
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          savePrompt.mutate({
            name: name.trim(),
            type: draft.type,
            prompt: draft.type === 'text' ? draft.text : draft.messages,
            template_format: draft.format,
            config: draft.config,
            commit_message: message.trim(),
          });
        }}
      >
        <strong>{t('playground.saveVersion')}</strong>
        <label className="field">
          <span>{t('playground.saveName')}</span>
          <input data-testid="playground-save-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label className="field">
          <span>{t('playground.commitMessage')}</span>
          <input data-testid="playground-commit-message" value={message} onChange={(e) => setMessage(e.target.value)} maxLength={2000} />
        </label>
        <div className="row">
          <button type="submit" className="btn btn-primary" data-testid="playground-save-version" disabled={savePrompt.isPending || !name.trim()}>
            {t('playground.save')}
          </button>
        </div>
        <FormError error={savePrompt.error} />
        {savePrompt.data && (
          <div className="notice small" data-testid="playground-saved-version">
            {savePrompt.data.created
              ? t('playground.savedVersion', { version: savePrompt.data.prompt.version, name: savePrompt.data.prompt.name })
              : t('playground.unchangedVersion', { version: savePrompt.data.prompt.version })}
          </div>
        )}
      </form>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          const output = outputs[expectedFrom];
          saveItem.mutate({
            dataset: dataset.trim(),
            item: {
              input: variables,
              expected_output: output?.done ? output.text : null,
              metadata: { source: 'playground', ...(promptName && { prompt: promptName }), ...(output && { connection: output.connection, model: output.model }) },
              ...(traceId && { source_trace_id: traceId }),
            },
          });
        }}
      >
        <strong>{t('playground.saveItem')}</strong>
        <label className="field">
          <span>{t('playground.dataset')}</span>
          <input data-testid="playground-save-dataset" value={dataset} onChange={(e) => setDataset(e.target.value)} required maxLength={200} />
        </label>
        <label className="field">
          <span>{t('playground.expectedFrom')}</span>
          <select value={expectedFrom} onChange={(e) => setExpectedFrom(Number(e.target.value))} disabled={finished.length === 0}>
            {outputs.map((o, i) => (
              <option key={i} value={i} disabled={!o.done}>
                {t('playground.target', { n: i + 1 })}: {o.connection}/{o.model}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <button type="submit" className="btn" data-testid="playground-save-item" disabled={saveItem.isPending || !dataset.trim()}>
            {t('playground.save')}
          </button>
        </div>
        <FormError error={saveItem.error} />
        {saveItem.data && (
          <div className="notice small" data-testid="playground-saved-item">
            {t('playground.savedItem', { dataset: dataset.trim(), version: saveItem.data.version })}
          </div>
        )}
      </form>
    </div>
  );
}
