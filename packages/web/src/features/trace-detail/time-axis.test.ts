import { describe, expect, it } from 'vitest';
import { timeToFirstTokenMs } from './first-token';
import {
  axisFraction,
  axisTicks,
  BREAK_SHARE,
  FULL_VIEW,
  fitTimeAxis,
  fittedEnd,
  MIN_SEGMENT_SHARE,
  MIN_VIEW_WIDTH,
  panView,
  spanPlacement,
  zoomView,
} from './time-axis';

const T0 = Date.parse('2026-02-07T10:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;

/** A 937 ms trace: root, retrieval, generation. */
const work = [
  { start: T0, end: T0 + 937 },
  { start: T0 + 10, end: T0 + 200 },
  { start: T0 + 210, end: T0 + 930 },
];

describe('fitTimeAxis', () => {
  it('keeps one unbroken axis for a trace without far-away spans', () => {
    const axis = fitTimeAxis(work);
    expect(axis.breaks).toEqual([]);
    expect(axis.segments).toEqual([{ start: T0, end: T0 + 937, from: 0, to: 1 }]);
    expect(spanPlacement(axis, work[2])).toEqual({ from: 210 / 937, to: 930 / 937, open: false });
  });

  it('breaks the axis before a decision recorded 42 minutes later, so real spans keep their widths', () => {
    const decision = { start: T0 + 42 * MIN, end: T0 + 42 * MIN + 12 };
    const axis = fitTimeAxis([...work, decision]);
    expect(axis.breaks).toHaveLength(1);
    expect(axis.breaks[0].gapMs).toBe(42 * MIN + 12 - 12 - 937);
    expect(axis.segments).toHaveLength(2);
    const generation = spanPlacement(axis, work[2]);
    // Without the break the generation would be 0.03 % of the axis; now it keeps most of its share.
    expect(generation.to - generation.from).toBeGreaterThan(0.6);
    const decided = spanPlacement(axis, decision);
    expect(decided.from).toBeGreaterThan(axis.breaks[0].to - 1e-9);
    expect(decided.to - decided.from).toBeGreaterThanOrEqual(MIN_SEGMENT_SHARE * 0.85);
    expect(decided.to).toBeCloseTo(1);
  });

  it('breaks a trace that spans 303 days of idle time', () => {
    const axis = fitTimeAxis([{ start: T0, end: T0 + 2_000 }, { start: T0 + 303 * DAY, end: T0 + 303 * DAY + 40 }]);
    expect(axis.breaks.map((b) => Math.round(b.gapMs / DAY))).toEqual([303]);
    expect(axis.segments[0].to - axis.segments[0].from).toBeGreaterThan(0.8);
  });

  it('cuts several far-away gaps, the largest ones first, at most three', () => {
    const spans = [{ start: T0, end: T0 + 1000 }, ...[40, 80, 120, 160].map((m) => ({ start: T0 + m * MIN, end: T0 + m * MIN + 5 }))];
    const axis = fitTimeAxis(spans);
    expect(axis.breaks).toHaveLength(3);
    expect(axis.segments).toHaveLength(4);
    expect(axis.segments[3].to).toBe(1);
    for (let i = 0; i < 3; i++) expect(axis.breaks[i].to - axis.breaks[i].from).toBeCloseTo(BREAK_SHARE);
  });

  it('does not break ordinary pauses between steps of comparable length', () => {
    const axis = fitTimeAxis([
      { start: T0, end: T0 + 2_000 },
      { start: T0 + 6_000, end: T0 + 7_000 },
    ]);
    expect(axis.breaks).toEqual([]);
  });

  it('caps an open span at the fitted end of its part of the trace, marked open, never at now', () => {
    const open = { start: T0 + 100, end: null };
    const axis = fitTimeAxis([...work, open]);
    expect(fittedEnd(axis)).toBe(T0 + 937);
    expect(spanPlacement(axis, open)).toEqual({ from: 100 / 937, to: 1, open: true });
    // An open root with a late decision: capped at the end of the main cluster, not across the break.
    const late = fitTimeAxis([{ start: T0, end: null }, { start: T0 + 5, end: T0 + 900 }, { start: T0 + 42 * MIN, end: T0 + 42 * MIN + 3 }]);
    const root = spanPlacement(late, { start: T0, end: null });
    expect(root.to).toBeCloseTo(late.segments[0].to);
    expect(root.open).toBe(true);
  });

  it('an open span counts up to its latest event: the README tour trace, an open span and a decision 303 days later', () => {
    const open = { start: T0 + 1000, end: null, lastSeen: T0 + 10_000 };
    const decision = { start: T0 + 303 * DAY, end: T0 + 303 * DAY + 20 };
    const axis = fitTimeAxis([open, decision]);
    expect(axis.breaks).toHaveLength(1);
    expect(axis.segments[0]).toMatchObject({ start: T0 + 1000, end: T0 + 10_000 });
    const placed = spanPlacement(axis, open);
    expect(placed).toMatchObject({ from: 0, open: true });
    expect(placed.to).toBeGreaterThan(0.8);
  });

  it('handles no spans, one instant and spans out of order', () => {
    expect(fitTimeAxis([]).segments).toHaveLength(1);
    const instant = fitTimeAxis([{ start: T0, end: T0 }]);
    expect(axisFraction(instant, T0)).toBe(0);
    const shuffled = fitTimeAxis([work[2], work[0], work[1]]);
    expect(shuffled.segments[0].start).toBe(T0);
  });
});

describe('zoom and pan', () => {
  it('zooms around an anchor, pans and stays inside the axis', () => {
    const zoomed = zoomView(FULL_VIEW, 4, 0.5);
    expect(zoomed.from).toBeCloseTo(0.375);
    expect(zoomed.to).toBeCloseTo(0.625);
    const panned = panView(zoomed, 10);
    expect(panned.to).toBe(1);
    expect(panned.to - panned.from).toBeCloseTo(0.25);
    expect(panView(zoomed, -10).from).toBe(0);
    expect(zoomView(zoomed, 1 / 100)).toEqual(FULL_VIEW);
    const deep = zoomView(FULL_VIEW, 1e9, 0.3);
    expect(deep.to - deep.from).toBeCloseTo(MIN_VIEW_WIDTH);
  });

  it('ticks stay inside the window and carry times', () => {
    const axis = fitTimeAxis(work);
    const ticks = axisTicks(axis, { from: 0.5, to: 0.75 });
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) {
      expect(t.at).toBeGreaterThanOrEqual(0.5 - 1e-9);
      expect(t.at).toBeLessThanOrEqual(0.75 + 1e-9);
      expect(t.time).toBeCloseTo(T0 + t.at * 937);
    }
  });
});

describe('timeToFirstTokenMs', () => {
  const start_time = '2026-02-07T10:00:00.000Z';
  it('reads the SDK, AI SDK and Langfuse attributes', () => {
    expect(timeToFirstTokenMs({ start_time, attributes: { 'llm.time_to_first_chunk_ms': 231.5 } })).toBe(231.5);
    expect(timeToFirstTokenMs({ start_time, attributes: { 'ai.response.msToFirstChunk': '412' } })).toBe(412);
    expect(timeToFirstTokenMs({ start_time, attributes: { 'langfuse.observation.completion_start_time': '2026-02-07T10:00:00.350Z' } })).toBe(350);
    expect(timeToFirstTokenMs({ start_time, attributes: { 'langfuse.observation.completion_start_time': '"2026-02-07T10:00:01Z"' } })).toBe(1000);
  });
  it('is null when unknown or unreadable', () => {
    expect(timeToFirstTokenMs({ start_time, attributes: {} })).toBeNull();
    expect(timeToFirstTokenMs({ start_time, attributes: null })).toBeNull();
    expect(timeToFirstTokenMs({ start_time, attributes: { 'llm.time_to_first_chunk_ms': 'soon', 'langfuse.observation.completion_start_time': 'later' } })).toBeNull();
  });
});
