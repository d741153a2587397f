/** A code snippet with a copy button. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Shows `code` in a <pre>; the button copies it to the clipboard. */
export function CodeBlock({ code, label }: { code: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // clipboard unavailable (http, permissions): the text stays selectable
    }
  };
  return (
    <div className="code-block">
      {label && <div className="code-label">{label}</div>}
      <button type="button" className="btn btn-small code-copy" onClick={copy}>
        {copied ? t('common.copied') : t('common.copy')}
      </button>
      <pre>{code}</pre>
    </div>
  );
}
