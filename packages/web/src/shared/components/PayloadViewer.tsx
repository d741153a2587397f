/**
 * Shows an input or output: a conversation (any message shape, see message-shapes) as chat with
 * markdown, images, tool calls, tool results and the tools offered; JSON pretty-printed; text as
 * is. Large texts show their first 20,000 characters; "show all" opens a virtualized view.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Markdown } from './Markdown';
import { MessageImage } from './MessageImage';
import { type ChatMessageView, type MessagePart, readConversation, type ToolDefinitionView } from './message-shapes';
import { formatBytes, payloadText } from './payload-format';
import { VirtualText } from './VirtualText';

const PREVIEW_CHARS = 20_000;
/** Messages drawn before "show all": long conversations stay quick to open. */
const SHOWN_MESSAGES = 100;

type KnownRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';
/** Roles shown in the UI's language; any other role is shown as the payload names it. */
const KNOWN_ROLES = new Set<string>(['system', 'developer', 'user', 'assistant', 'tool']);

function TextView({ text }: { text: string }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  if (text.length <= PREVIEW_CHARS) return <pre className="payload-pre">{text}</pre>;
  if (all) return <VirtualText text={text} />;
  return (
    <div className="stack">
      <pre className="payload-pre">{text.slice(0, PREVIEW_CHARS)}…</pre>
      {/* Below the preview, never over it: the preview scrolls inside its own box. */}
      <button type="button" className="btn btn-small payload-more" onClick={() => setAll(true)}>
        {t('payload.showAll', { size: formatBytes(text.length) })}
      </button>
    </div>
  );
}

/** Message text: JSON (a tool result, say) pretty-printed, else markdown up to the preview size; larger texts as (virtualised) plain text. */
function TextPart({ text }: { text: string }) {
  const formatted = useMemo(() => payloadText(text), [text]);
  if (formatted.json) return <TextView text={formatted.text} />;
  return text.length <= PREVIEW_CHARS ? <Markdown text={text} /> : <TextView text={text} />;
}

function PartView({ part }: { part: MessagePart }) {
  const { t } = useTranslation();
  switch (part.kind) {
    case 'text':
      return <TextPart text={part.text} />;
    case 'image':
      return <MessageImage src={part.src} />;
    case 'ref':
      return <div className="muted">[{t('payload.image')}: {part.text}]</div>;
    case 'reasoning':
      return (
        <details className="chat-reasoning">
          <summary>{t('payload.reasoning')}</summary>
          <TextView text={part.text} />
        </details>
      );
    case 'json':
      return <TextView text={part.text} />;
  }
}

/** One message: role (and name), its parts, the tool calls it asks for, and which call a tool result answers. */
function ChatMessage({ message: m }: { message: ChatMessageView }) {
  const { t } = useTranslation();
  return (
    <li className={`chat-msg chat-${m.role}${m.isError ? ' chat-error' : ''}`} data-role={m.role}>
      <div className="chat-role">
        {KNOWN_ROLES.has(m.role) ? t(`payload.roles.${m.role as KnownRole}`) : m.role}
        {m.name ? ` · ${m.name}` : ''}
        {m.toolCallId ? <span className="chat-role-note"> · {t('payload.toolResultFor', { id: m.toolCallId })}</span> : null}
        {m.isError ? <span className="chat-role-note"> · {t('payload.toolError')}</span> : null}
      </div>
      {m.parts.map((part, i) => (
        <PartView key={i} part={part} />
      ))}
      {m.toolCalls?.map((call, i) => (
        <div key={i} className="chat-tool-call" data-testid="tool-call">
          <div className="chat-tool-call-head">
            {t('payload.toolCall')} · <code>{call.name}</code>
            {call.id ? <span className="muted"> · {call.id}</span> : null}
          </div>
          {call.arguments !== '' && <TextView text={call.arguments} />}
        </div>
      ))}
      {m.parts.length === 0 && !m.toolCalls && <div className="muted">{t('payload.empty')}</div>}
    </li>
  );
}

/** The tools offered to the model: name, description and parameter schema, folded. */
export function ToolDefinitions({ tools }: { tools: ToolDefinitionView[] }) {
  const { t } = useTranslation();
  if (tools.length === 0) return null;
  return (
    <details className="chat-tools" data-testid="tool-definitions">
      <summary>{t('payload.tools', { n: tools.length })}</summary>
      <ul>
        {tools.map((tool, i) => (
          <li key={i}>
            <code>{tool.name}</code>
            {tool.description ? <span className="muted"> — {tool.description}</span> : null}
            {tool.parameters ? <TextView text={tool.parameters} /> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The viewer; `empty` is shown for null/undefined. `tools` adds tool definitions found elsewhere (span attributes). */
export function PayloadViewer({ value, title, tools: extraTools }: { value: unknown; title?: string; tools?: ToolDefinitionView[] }) {
  const { t } = useTranslation();
  const conversation = useMemo(() => readConversation(value), [value]);
  const [mode, setMode] = useState<'auto' | 'raw'>('auto');
  const [allMessages, setAllMessages] = useState(false);
  const formatted = useMemo(() => (value == null ? null : payloadText(value)), [value]);
  const tools = useMemo(() => [...(conversation?.tools ?? []), ...(extraTools ?? [])], [conversation, extraTools]);
  return (
    <section className="payload">
      <div className="payload-head">
        {title && <h4>{title}</h4>}
        {conversation && (
          <button type="button" className="btn btn-small" onClick={() => setMode(mode === 'auto' ? 'raw' : 'auto')}>
            {mode === 'auto' ? t('payload.raw') : t('payload.chat')}
          </button>
        )}
      </div>
      {value == null || value === '' ? (
        <div className="muted">{t('payload.empty')}</div>
      ) : conversation && mode === 'auto' ? (
        <>
          <ToolDefinitions tools={tools} />
          <ol className="chat">
            {(allMessages ? conversation.messages : conversation.messages.slice(0, SHOWN_MESSAGES)).map((m, i) => (
              <ChatMessage key={i} message={m} />
            ))}
          </ol>
          {!allMessages && conversation.messages.length > SHOWN_MESSAGES && (
            <button type="button" className="btn btn-small" onClick={() => setAllMessages(true)}>
              {t('payload.showAllMessages', { n: conversation.messages.length })}
            </button>
          )}
        </>
      ) : (
        <>
          {!conversation && <ToolDefinitions tools={tools} />}
          <TextView text={formatted?.text ?? ''} />
        </>
      )}
    </section>
  );
}
