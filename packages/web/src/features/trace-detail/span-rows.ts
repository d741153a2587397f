/** The span tree flattened into visible rows (honouring collapsed nodes); the waterfall's axis is in time-axis.ts. */
import type { SpanTreeNode } from '@tracehub/core';

/** One visible row of the tree. */
export interface SpanRowView {
  span: SpanTreeNode;
  depth: number;
  hasChildren: boolean;
  collapsed: boolean;
}

/** Every span of the tree in depth-first order, walked without recursion (any depth). */
export function allSpans(roots: SpanTreeNode[]): SpanTreeNode[] {
  const out: SpanTreeNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

/**
 * Depth of every span in depth-first order. The server sends `depth`; spans deeper than its nesting
 * limit arrive flattened among an ancestor's children, so depth comes from the field, not the nesting.
 */
function depthsOf(spans: SpanTreeNode[]): number[] {
  return spans.map((span) => span.depth ?? 0);
}

/** Ids of spans that have children (the next span in depth-first order is deeper). */
export function parentIds(spans: SpanTreeNode[]): Set<string> {
  const depths = depthsOf(spans);
  const ids = new Set<string>();
  for (let i = 0; i + 1 < spans.length; i++) if (depths[i + 1] > depths[i]) ids.add(spans[i].span_id);
  return ids;
}

/** Rows in depth-first order, skipping the descendants of collapsed spans. */
export function visibleRows(roots: SpanTreeNode[], collapsed: ReadonlySet<string>): SpanRowView[] {
  const spans = allSpans(roots);
  const depths = depthsOf(spans);
  const rows: SpanRowView[] = [];
  let hideDeeperThan = Infinity;
  for (let i = 0; i < spans.length; i++) {
    const depth = depths[i];
    if (depth > hideDeeperThan) continue;
    hideDeeperThan = Infinity;
    const span = spans[i];
    const hasChildren = i + 1 < spans.length && depths[i + 1] > depth;
    const isCollapsed = hasChildren && collapsed.has(span.span_id);
    rows.push({ span, depth, hasChildren, collapsed: isCollapsed });
    if (isCollapsed) hideDeeperThan = depth;
  }
  return rows;
}

/** Ids of spans at `maxDepth` that have children: collapsed at first in very large trees. */
export function initiallyCollapsed(roots: SpanTreeNode[], total: number, maxDepth = 2): Set<string> {
  const set = new Set<string>();
  if (total <= 300) return set;
  const spans = allSpans(roots);
  const parents = parentIds(spans);
  for (const span of spans) if ((span.depth ?? 0) === maxDepth && parents.has(span.span_id)) set.add(span.span_id);
  return set;
}

/** True for spans of a LangGraph run: span_type graph or any `langgraph.*` attribute. */
export function isLangGraphSpan(span: SpanTreeNode): boolean {
  return span.span_type === 'graph' || Object.keys(span.attributes ?? {}).some((k) => k.startsWith('langgraph.'));
}
