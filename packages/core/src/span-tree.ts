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
 * `maxNesting` bounds how deep `children` nest (default MAX_TREE_NESTING). For speed the given
 * span objects are extended in place with `depth` and `children` and returned inside the tree.
 */
export function buildSpanTree<T extends TreeSpan>(spans: T[], maxNesting = MAX_TREE_NESTING): SpanTreeOf<T>[] {
  type Node = SpanTreeOf<T>;
  const UNVISITED = -1;
  const nodes = new Map<string, Node>();
  for (const span of spans) {
    const node = span as Node;
    node.depth = UNVISITED;
    node.children = [];
    nodes.set(span.span_id, node);
  }
  const childrenOf = new Map<string, Node[]>();
  const tops: Node[] = [];
  for (const node of nodes.values()) {
    const parentId = node.parent_span_id;
    if (!parentId || parentId === node.span_id || !nodes.has(parentId)) tops.push(node);
    else {
      const list = childrenOf.get(parentId);
      if (list) list.push(node);
      else childrenOf.set(parentId, [node]);
    }
  }
  for (const list of childrenOf.values()) if (list.length > 1) list.sort(byStart);

  const roots: Node[] = [];
  // Depth-first, pre-order; `attachTo` is the node whose `children` list receives this one.
  const nodeStack: Node[] = [];
  const depthStack: number[] = [];
  const attachStack: Array<Node | null> = [];
  const walk = (root: Node) => {
    nodeStack.push(root);
    depthStack.push(0);
    attachStack.push(null);
    while (nodeStack.length > 0) {
      const node = nodeStack.pop()!;
      const depth = depthStack.pop()!;
      const attachTo = attachStack.pop()!;
      if (node.depth !== UNVISITED) continue;
      node.depth = depth;
      if (attachTo) attachTo.children.push(node);
      else roots.push(node);
      const kids = childrenOf.get(node.span_id);
      if (!kids) continue;
      const childAttach = depth + 1 <= maxNesting ? node : attachTo;
      for (let i = kids.length - 1; i >= 0; i--) {
        nodeStack.push(kids[i]);
        depthStack.push(depth + 1);
        attachStack.push(childAttach);
      }
    }
  };
  tops.sort(byStart);
  for (const top of tops) walk(top);
  // Whatever is left hangs off a parent cycle: start each such group at its first span.
  for (const node of nodes.values()) if (node.depth === UNVISITED) walk(node);
  roots.sort(byStart);
  return roots;
}
