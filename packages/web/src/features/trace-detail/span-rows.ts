/** The span tree flattened into visible rows (honouring collapsed nodes), plus time bounds for the waterfall. */
import type { SpanTreeNode } from '@tracehub/core';

/** One visible row of the tree. */
export interface SpanRowView {
  span: SpanTreeNode;
  depth: number;
  hasChildren: boolean;
  collapsed: boolean;
}

/** Rows in depth-first order, skipping the children of collapsed spans. */
export function visibleRows(roots: SpanTreeNode[], collapsed: ReadonlySet<string>): SpanRowView[] {
  const rows: SpanRowView[] = [];
  const walk = (nodes: SpanTreeNode[], depth: number) => {
    for (const span of nodes) {
      const isCollapsed = collapsed.has(span.span_id);
      rows.push({ span, depth, hasChildren: span.children.length > 0, collapsed: isCollapsed });
      if (!isCollapsed) walk(span.children, depth + 1);
    }
  };
  walk(roots, 0);
  return rows;
}

/** Every span of the tree, depth first. */
export function allSpans(roots: SpanTreeNode[]): SpanTreeNode[] {
  const out: SpanTreeNode[] = [];
  const walk = (nodes: SpanTreeNode[]) => {
    for (const n of nodes) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}

/** Ids of spans below `maxDepth` that have children: collapsed at first in very large trees. */
export function initiallyCollapsed(roots: SpanTreeNode[], total: number, maxDepth = 2): Set<string> {
  const set = new Set<string>();
  if (total <= 300) return set;
  const walk = (nodes: SpanTreeNode[], depth: number) => {
    for (const n of nodes) {
      if (n.children.length && depth >= maxDepth) set.add(n.span_id);
      else walk(n.children, depth + 1);
    }
  };
  walk(roots, 0);
  return set;
}

/** Start and end (epoch ms) covering every span; open spans run to `now`. */
export function timeBounds(spans: SpanTreeNode[], now = Date.now()): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    const a = Date.parse(s.start_time);
    const b = s.end_time ? Date.parse(s.end_time) : Math.max(a, Math.min(now, a + 60_000));
    if (a < start) start = a;
    if (b > end) end = b;
  }
  if (!Number.isFinite(start)) return { start: 0, end: 1 };
  return { start, end: Math.max(end, start + 1) };
}

/** True for spans of a LangGraph run: span_type graph or any `langgraph.*` attribute. */
export function isLangGraphSpan(span: SpanTreeNode): boolean {
  return span.span_type === 'graph' || Object.keys(span.attributes ?? {}).some((k) => k.startsWith('langgraph.'));
}
