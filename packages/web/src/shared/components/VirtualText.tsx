/** A windowed view of many text lines: only the visible rows are in the DOM, so megabytes of text scroll smoothly. */
import { useMemo, useState } from 'react';
import { toLines } from './payload-format';

const ROW = 18;
const OVERSCAN = 30;

/** Renders `text` in a fixed-height scroll box, one row per line. */
export function VirtualText({ text, height = 480 }: { text: string; height?: number }) {
  const lines = useMemo(() => toLines(text), [text]);
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((top + height) / ROW) + OVERSCAN);
  return (
    <div className="virtual-text" style={{ height }} onScroll={(e) => setTop(e.currentTarget.scrollTop)} data-testid="virtual-text">
      <div style={{ height: lines.length * ROW, position: 'relative' }}>
        <pre style={{ position: 'absolute', top: first * ROW, left: 0, right: 0, margin: 0, lineHeight: `${ROW}px` }}>
          {lines.slice(first, last).join('\n')}
        </pre>
      </div>
    </div>
  );
}
