/**
 * Shows an input or output: chat messages as a conversation, JSON pretty-printed, text as is.
 * Large payloads show their first 20,000 characters; "show all" opens a virtualized view.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChatMessageView, chatMessages, formatBytes, payloadText } from './payload-format';
import { VirtualText } from './VirtualText';

const PREVIEW_CHARS = 20_000;

function TextView({ text }: { text: string }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  if (text.length <= PREVIEW_CHARS) return <pre className="payload-pre">{text}</pre>;
  if (all) return <VirtualText text={text} />;
  return (
    <div>
      <pre className="payload-pre">{text.slice(0, PREVIEW_CHARS)}…</pre>
      <button type="button" className="btn btn-small" onClick={() => setAll(true)}>
        {t('payload.showAll', { size: formatBytes(text.length) })}
      </button>
    </div>
  );
}

/** One message: role (and name), text, the tool calls it asks for, and which call a tool result answers. */
function ChatMessage({ message: m }: { message: ChatMessageView }) {
  const { t } = useTranslation();
  return (
    <li className={`chat-msg chat-${m.role}`}>
      <div className="chat-role">
        {m.role}
        {m.name ? ` · ${m.name}` : ''}
        {m.toolCallId ? <span className="chat-role-note"> · {t('payload.toolResultFor', { id: m.toolCallId })}</span> : null}
      </div>
      {m.content !== '' && <TextView text={m.content} />}
      {m.toolCalls?.map((call, i) => (
        <div key={i} className="chat-tool-call">
          <div className="chat-tool-call-head">
            {t('payload.toolCall')} · <code>{call.name}</code>
            {call.id ? <span className="muted"> · {call.id}</span> : null}
          </div>
          {call.arguments !== '' && <TextView text={call.arguments} />}
        </div>
      ))}
      {m.content === '' && !m.toolCalls && <div className="muted">{t('payload.empty')}</div>}
    </li>
  );
}

/** The viewer; `empty` is shown for null/undefined. */
export function PayloadViewer({ value, title }: { value: unknown; title?: string }) {
  const { t } = useTranslation();
  const messages = useMemo(() => chatMessages(value), [value]);
  const [mode, setMode] = useState<'auto' | 'raw'>('auto');
  const formatted = useMemo(() => (value == null ? null : payloadText(value)), [value]);
  return (
    <section className="payload">
      <div className="payload-head">
        {title && <h4>{title}</h4>}
        {messages && (
          <button type="button" className="btn btn-small" onClick={() => setMode(mode === 'auto' ? 'raw' : 'auto')}>
            {mode === 'auto' ? t('payload.raw') : t('payload.chat')}
          </button>
        )}
      </div>
      {value == null || value === '' ? (
        <div className="muted">{t('payload.empty')}</div>
      ) : messages && mode === 'auto' ? (
        <ol className="chat">
          {messages.map((m, i) => (
            <ChatMessage key={i} message={m} />
          ))}
        </ol>
      ) : (
        <TextView text={formatted?.text ?? ''} />
      )}
    </section>
  );
}
