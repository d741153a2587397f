/** The minimum a span needs to be placed in a tree. */
export interface TreeSpan {
  span_id: string;
  parent_span_id: string | null;
  start_time: string;
}

/**
 * Deepest nesting of `children` in a built tree. Deeper spans are listed, in depth-first order,
 * among the children of their ancestor at depth `MAX_TREE_NESTING - 1`; their `depth` (and
 * `parent_span_id`) still give the true position. This keeps the answer's JSON shallow enough for
 * any JSON encoder or decoder (a 10,000-deep chain would overflow `JSON.stringify` and most parsers).
 */
export const MAX_TREE_NESTING = 100;

/** A span placed in the tree: `depth` is its true depth (0 for roots). */
export type SpanTreeOf<T> = T & { depth: number; children: SpanTreeOf<T>[] };

const byStart = (a: TreeSpan, b: TreeSpan) => (a.start_time < b.start_time ? -1 : a.start_time > b.start_time ? 1 : 0);

/**
 * Nests spans under their parents in O(n log n) time without recursion, for any depth. Spans whose
 * parent is not in the list become roots; siblings are ordered by start time. Parent links that
 * form a cycle are broken at the first span of the cycle in input order, which becomes a root.
 * `maxNesting` bounds how deep `children` nest (default MAX_TREE_NESTING).
 */
export function buildSpanTree<T extends TreeSpan>(spans: T[], maxNesting = MAX_TREE_NESTING): SpanTreeOf<T>[] {
  type Node = SpanTreeOf<T>;
  const nodes = new Map<string, Node>();
  for (const span of spans) nodes.set(span.span_id, { ...span, depth: 0, children: [] });
  const childrenOf = new Map<Node, Node[]>();
  const tops: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_span_id && node.parent_span_id !== node.span_id ? nodes.get(node.parent_span_id) : undefined;
    if (!parent) tops.push(node);
    else {
      const list = childrenOf.get(parent);
      if (list) list.push(node);
      else childrenOf.set(parent, [node]);
    }
  }
  for (const list of childrenOf.values()) list.sort(byStart);

  const roots: Node[] = [];
  const visited = new Set<Node>();
  // Depth-first, pre-order; `attachTo` is the node whose `children` list receives this one.
  const walk = (root: Node) => {
    const stack: Array<{ node: Node; depth: number; attachTo: Node | null }> = [{ node: root, depth: 0, attachTo: null }];
    while (stack.length > 0) {
      const { node, depth, attachTo } = stack.pop()!;
      if (visited.has(node)) continue;
      visited.add(node);
      node.depth = depth;
      if (attachTo) attachTo.children.push(node);
      else roots.push(node);
      const kids = childrenOf.get(node);
      if (!kids) continue;
      const childAttach = depth + 1 <= maxNesting ? node : attachTo;
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], depth: depth + 1, attachTo: childAttach });
    }
  };
  tops.sort(byStart);
  for (const top of tops) walk(top);
  // Whatever is left hangs off a parent cycle: start each such group at its first span.
  for (const node of nodes.values()) if (!visited.has(node)) walk(node);
  roots.sort(byStart);
  return roots;
}
