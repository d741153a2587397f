/** The minimum a span needs to be placed in a tree. */
export interface TreeSpan {
  span_id: string;
  parent_span_id: string | null;
  start_time: string;
}

/**
 * Nests spans under their parents. Spans whose parent is not in the list become roots.
 * Siblings are ordered by start time. Cycles cannot form: a span is attached only once.
 */
export function buildSpanTree<T extends TreeSpan>(spans: T[]): (T & { children: (T & { children: unknown[] })[] })[] {
  type Node = T & { children: Node[] };
  const nodes = new Map<string, Node>();
  for (const span of spans) nodes.set(span.span_id, { ...span, children: [] });
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_span_id && node.parent_span_id !== node.span_id ? nodes.get(node.parent_span_id) : undefined;
    if (parent && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: Node, b: Node) => a.start_time.localeCompare(b.start_time);
  const sortDeep = (list: Node[]) => {
    list.sort(byStart);
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

function isAncestor<T extends TreeSpan>(node: T, candidate: T, nodes: Map<string, T>): boolean {
  let current: T | undefined = candidate;
  for (let depth = 0; current && depth < 10_000; depth++) {
    if (current.span_id === node.span_id) return true;
    current = current.parent_span_id ? nodes.get(current.parent_span_id) : undefined;
  }
  return false;
}
