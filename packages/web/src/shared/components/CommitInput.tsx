/** A text input that commits on Enter or blur (and not while an IME is composing Korean). */
import { useEffect, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';

/** Keeps a draft while typing; `onCommit` gets the trimmed value when it changed. */
export function CommitInput({ value, onCommit, ...rest }: { value: string; onCommit: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value'>) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) commit();
    if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
  };
  return <input {...rest} value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={onKeyDown} />;
}
