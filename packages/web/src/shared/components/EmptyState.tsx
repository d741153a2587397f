/** An empty state that says what to do next, optionally with code snippets (curl / SDK). */
import type { ReactNode } from 'react';
import { CodeBlock } from './CodeBlock';

/** A snippet shown under an empty state. */
export interface Snippet {
  label: string;
  code: string;
}

/** Title, a sentence on what to do next, snippets and optional actions. */
export function EmptyState({ title, hint, snippets = [], children }: { title: string; hint?: string; snippets?: Snippet[]; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <h3>{title}</h3>
      {hint && <p className="muted">{hint}</p>}
      {children}
      {snippets.map((s) => (
        <CodeBlock key={s.label} label={s.label} code={s.code} />
      ))}
    </div>
  );
}
