import { describe, expect, it } from 'vitest';
import { buildSpanTree, MAX_TREE_NESTING, type SpanTreeOf, type TreeSpan } from './span-tree.js';

const span = (id: string, parent: string | null, second = 0): TreeSpan => ({
  span_id: id,
  parent_span_id: parent,
  start_time: `2026-01-01T00:00:${String(second).padStart(2, '0')}.000000Z`,
});

/** Spans in depth-first order with their depth, walked without recursion. */
function flatten<T>(roots: SpanTreeOf<T>[]): Array<SpanTreeOf<T>> {
  const out: Array<SpanTreeOf<T>> = [];
  const stack = [...roots].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

function nesting<T>(roots: SpanTreeOf<T>[]): number {
  let deepest = 0;
  const stack = roots.map((node) => ({ node, level: 1 }));
  while (stack.length) {
    const { node, level } = stack.pop()!;
    deepest = Math.max(deepest, level);
    for (const child of node.children) stack.push({ node: child, level: level + 1 });
  }
  return deepest;
}

describe('buildSpanTree', () => {
  it('nests children under parents, siblings by start time, unknown parents as roots', () => {
    const roots = buildSpanTree([span('c2', 'root', 3), span('root', null, 0), span('c1', 'root', 1), span('orphan', 'gone', 2), span('g', 'c1', 4)]);
    expect(roots.map((r) => r.span_id)).toEqual(['root', 'orphan']);
    expect(roots[0].children.map((c) => c.span_id)).toEqual(['c1', 'c2']);
    expect(roots[0].children[0].children[0]).toMatchObject({ span_id: 'g', depth: 2 });
  });

  it('breaks parent cycles and self-parents instead of losing spans', () => {
    const roots = buildSpanTree([span('a', 'b', 0), span('b', 'a', 1), span('self', 'self', 2)]);
    expect(flatten(roots).map((s) => s.span_id).sort()).toEqual(['a', 'b', 'self']);
    expect(roots.find((r) => r.span_id === 'a')?.children.map((c) => c.span_id)).toEqual(['b']);
  });

  it('builds a 10,000-deep chain fast, nests it at most MAX_TREE_NESTING levels, and JSON can encode it', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i === 0 ? null : `s${i - 1}`));
    spans.reverse(); // children before parents
    const started = performance.now();
    const roots = buildSpanTree(spans);
    const json = JSON.stringify(roots);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(nesting(roots)).toBe(MAX_TREE_NESTING + 1);
    const order = flatten(JSON.parse(json) as SpanTreeOf<TreeSpan>[]);
    expect(order).toHaveLength(10_000);
    // Depth-first order and true depths survive the flattening below the nesting limit.
    order.forEach((s, i) => {
      expect(s.span_id).toBe(`s${i}`);
      expect(s.depth).toBe(i);
    });
  });

  it('is linear: 20,000 spans with a wide fan-out and a deep chain', () => {
    const spans = [span('root', null)];
    for (let i = 0; i < 10_000; i++) spans.push(span(`w${i}`, 'root', i % 60));
    for (let i = 0; i < 10_000; i++) spans.push(span(`d${i}`, i === 0 ? 'w0' : `d${i - 1}`));
    const started = performance.now();
    const roots = buildSpanTree(spans);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(flatten(roots)).toHaveLength(20_001);
  });
});
