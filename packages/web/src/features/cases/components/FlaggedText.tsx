/** The text the heuristic judge scanned for a case, each PII or injection match marked, with context around it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlaggedText as Flagged } from '@tracehub/core';

/** Characters of context shown on each side of a match until the whole text is asked for. */
const CONTEXT = 160;

type Match = Flagged['matches'][number];

/** Pieces of `text`: plain runs and marked matches, only around matches unless `whole`. */
function pieces(text: string, matches: Match[], whole: boolean): Array<{ text: string; match?: Match; gap?: boolean }> {
  const out: Array<{ text: string; match?: Match; gap?: boolean }> = [];
  let at = 0;
  const plain = (from: number, to: number, first: boolean, last: boolean) => {
    if (to <= from) return;
    const run = text.slice(from, to);
    if (whole || run.length <= CONTEXT * 2) out.push({ text: run });
    else {
      if (!first) out.push({ text: run.slice(0, CONTEXT) });
      out.push({ text: '…', gap: true });
      if (!last) out.push({ text: run.slice(-CONTEXT) });
    }
  };
  matches.forEach((m, i) => {
    if (m.start < at) return; // overlapping matches: the first one is marked
    plain(at, m.start, i === 0, false);
    out.push({ text: text.slice(m.start, m.end), match: m });
    at = m.end;
  });
  plain(at, text.length, matches.length === 0, true);
  return out;
}

/** The request and response texts with their matches. */
export function FlaggedText({ flagged }: { flagged: Flagged }) {
  const { t } = useTranslation();
  const [whole, setWhole] = useState(false);
  const label = (m: Match) => (m.kind === 'pii' ? t(`cases.piiType.${m.type}`, { defaultValue: t('cases.matchKind.pii') }) : t('cases.matchKind.injection'));
  return (
    <div className="stack" data-testid="flagged-text">
      {flagged.matches.length === 0 && <p className="muted">{t('cases.noMatches')}</p>}
      {(['request', 'response'] as const).map((source) => {
        const matches = flagged.matches.filter((m) => m.source === source);
        if (!flagged[source] || (!matches.length && !whole)) return null;
        return (
          <div key={source}>
            <h3 className="small">{t(`cases.source.${source}`)}</h3>
            <pre className="flagged-text">
              {pieces(flagged[source], matches, whole).map((p, i) =>
                p.match ? (
                  <mark key={i} className={`flag flag-${p.match.kind}`} title={label(p.match)} data-type={p.match.type}>
                    {p.text}
                  </mark>
                ) : (
                  <span key={i} className={p.gap ? 'muted' : undefined}>
                    {p.text}
                  </span>
                ),
              )}
            </pre>
            {matches.length > 0 && (
              <ul className="row small flag-legend">
                {matches.map((m, i) => (
                  <li key={i}>
                    <span className={`badge ${m.kind === 'pii' ? 'badge-bad' : 'badge-warn'}`}>{label(m)}</span>
                    {m.kind === 'injection' && <code className="small">{m.type}</code>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
      {!whole && (
        <button type="button" className="btn btn-small" onClick={() => setWhole(true)}>
          {t('cases.showFullText')}
        </button>
      )}
    </div>
  );
}
