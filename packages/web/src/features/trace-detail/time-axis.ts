/**
 * The waterfall's time axis, fitted to the trace's own work (pure; unit-tested in time-axis.test.ts).
 *
 * Spans are merged into blocks of overlapping work. A gap between blocks that dwarfs the work (a
 * decision recorded 42 minutes after a 1 s trace, a span dated months away) becomes an axis break:
 * the axis is drawn as segments, each at least MIN_SEGMENT_SHARE wide, with a narrow break between
 * them, so real spans keep readable widths. Open spans are capped at the end of their segment (the
 * last moment any span of that part of the trace is known to have reached), never stretched to now.
 *
 * Positions are fractions of the whole axis (0..1); the zoom/pan view is a window [from, to] of it.
 */

/**
 * A span's start and end (epoch ms); `end` is null while the span is open, and then `lastSeen` is
 * the latest time it is known to have been alive (its latest event), if any.
 */
export interface AxisSpan {
  start: number;
  end: number | null;
  lastSeen?: number;
}

/** A stretch of time drawn without a break: time [start, end] maps linearly onto [from, to]. */
export interface AxisSegment {
  start: number;
  end: number;
  from: number;
  to: number;
}

/** A gap cut out of the axis: drawn between two segments over [from, to], standing for `gapMs`. */
export interface AxisBreak {
  from: number;
  to: number;
  gapMs: number;
}

/** The fitted axis: segments in time order, the breaks between them, the first start (origin). */
export interface TimeAxis {
  origin: number;
  segments: AxisSegment[];
  breaks: AxisBreak[];
}

/** A visible window of the axis (fractions of it); the full axis is {from: 0, to: 1}. */
export interface AxisView {
  from: number;
  to: number;
}

/** A gap becomes a break when it is more than this many times the trace's total work. */
export const BREAK_WORK_FACTOR = 4;
/** At most this many breaks (the largest gaps). */
export const MAX_BREAKS = 3;
/** Width of one break on the axis. */
export const BREAK_SHARE = 0.04;
/** Least width of a segment, so an instant far away still shows. */
export const MIN_SEGMENT_SHARE = 0.08;
/** The narrowest zoom window (a 1000th of the axis). */
export const MIN_VIEW_WIDTH = 0.001;
export const FULL_VIEW: AxisView = { from: 0, to: 1 };

/** Fits the axis to `spans` (any order). Open spans count up to their `lastSeen` (else as instants) while fitting. */
export function fitTimeAxis(spans: readonly AxisSpan[]): TimeAxis {
  const n = spans.length;
  if (n === 0) return { origin: 0, segments: [{ start: 0, end: 1, from: 0, to: 1 }], breaks: [] };
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { start, end, lastSeen } = spans[i];
    starts[i] = start;
    ends[i] = Math.max(start, end ?? lastSeen ?? start);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => starts[a] - starts[b]);

  // Blocks of overlapping work, in time order.
  const blockStarts: number[] = [];
  const blockEnds: number[] = [];
  for (const i of order) {
    const last = blockEnds.length - 1;
    if (last >= 0 && starts[i] <= blockEnds[last]) {
      if (ends[i] > blockEnds[last]) blockEnds[last] = ends[i];
    } else {
      blockStarts.push(starts[i]);
      blockEnds.push(ends[i]);
    }
  }
  let work = 0;
  for (let b = 0; b < blockStarts.length; b++) work += blockEnds[b] - blockStarts[b];
  const origin = blockStarts[0];

  // The largest gaps that dwarf the work become breaks (kept in time order).
  const gaps = blockStarts.slice(1).map((s, b) => ({ after: b, size: s - blockEnds[b] }));
  const cut = gaps
    .filter((g) => g.size > BREAK_WORK_FACTOR * work && g.size > 0)
    .sort((a, b) => b.size - a.size)
    .slice(0, MAX_BREAKS)
    .sort((a, b) => a.after - b.after);

  const times: Array<{ start: number; end: number }> = [];
  let first = 0;
  for (const g of cut) {
    times.push({ start: blockStarts[first], end: blockEnds[g.after] });
    first = g.after + 1;
  }
  times.push({ start: blockStarts[first], end: blockEnds[blockEnds.length - 1] });
  return layOut(origin, times, cut.map((g) => g.size));
}

/** Gives each segment a width (by duration, at least MIN_SEGMENT_SHARE) with a break between neighbours. */
function layOut(origin: number, times: Array<{ start: number; end: number }>, gapsMs: number[]): TimeAxis {
  const available = 1 - gapsMs.length * BREAK_SHARE;
  const total = times.reduce((sum, t) => sum + (t.end - t.start), 0);
  const raw = times.map((t) => (total > 0 ? Math.max((t.end - t.start) / total, times.length > 1 ? MIN_SEGMENT_SHARE : 0) : 1));
  const rawSum = raw.reduce((a, b) => a + b, 0);
  const segments: AxisSegment[] = [];
  const breaks: AxisBreak[] = [];
  let at = 0;
  times.forEach((t, i) => {
    const width = (raw[i] / rawSum) * available;
    // A zero-length axis still needs a width to draw on.
    const end = i === times.length - 1 && t.end === t.start && times.length === 1 ? t.start + 1 : t.end;
    segments.push({ start: t.start, end, from: at, to: at + width });
    at += width;
    if (i < gapsMs.length) {
      breaks.push({ from: at, to: at + BREAK_SHARE, gapMs: gapsMs[i] });
      at += BREAK_SHARE;
    }
  });
  segments[segments.length - 1].to = 1;
  return { origin, segments, breaks };
}

/** The segment a time belongs to: the last one starting at or before it (the first for earlier times). */
export function segmentOf(axis: TimeAxis, time: number): AxisSegment {
  const { segments } = axis;
  let found = segments[0];
  for (const s of segments) {
    if (s.start <= time) found = s;
    else break;
  }
  return found;
}

/** Where `time` sits on the axis (0..1); times inside a break sit at its segment's end. */
export function axisFraction(axis: TimeAxis, time: number): number {
  const s = segmentOf(axis, time);
  if (time <= s.start) return s.from;
  if (time >= s.end) return s.to;
  return s.from + ((time - s.start) / (s.end - s.start)) * (s.to - s.from);
}

/** The time drawn at axis fraction `f`, or null inside a break. */
export function axisTime(axis: TimeAxis, f: number): number | null {
  for (const s of axis.segments) {
    if (f >= s.from && f <= s.to) return s.to === s.from ? s.start : s.start + ((f - s.from) / (s.to - s.from)) * (s.end - s.start);
  }
  return null;
}

/** A span's bar on the axis; an open span runs to its segment's end (`open` says it is capped there). */
export function spanPlacement(axis: TimeAxis, span: AxisSpan): { from: number; to: number; open: boolean } {
  const from = axisFraction(axis, span.start);
  if (span.end != null) return { from, to: Math.max(from, axisFraction(axis, span.end)), open: false };
  return { from, to: segmentOf(axis, span.start).to, open: true };
}

/** The fitted end: the last moment any span is known to have reached (where open spans are capped). */
export function fittedEnd(axis: TimeAxis): number {
  return axis.segments[axis.segments.length - 1].end;
}

const clampView = (from: number, width: number): AxisView => {
  const w = Math.min(1, Math.max(MIN_VIEW_WIDTH, width));
  const f = Math.min(1 - w, Math.max(0, from));
  return { from: f, to: f + w };
};

/** Zooms by `factor` (> 1 zooms in) keeping axis fraction `anchor` where it is on screen. */
export function zoomView(view: AxisView, factor: number, anchor = (view.from + view.to) / 2): AxisView {
  const width = view.to - view.from;
  const next = Math.min(1, Math.max(MIN_VIEW_WIDTH, width / factor));
  const share = width > 0 ? (anchor - view.from) / width : 0.5;
  return clampView(anchor - share * next, next);
}

/** Moves the window by `share` of its own width (negative: earlier). */
export function panView(view: AxisView, share: number): AxisView {
  const width = view.to - view.from;
  return clampView(view.from + share * width, width);
}

/** A position on the axis as a percentage of the visible window. */
export const viewPercent = (view: AxisView, f: number): number => ((f - view.from) / (view.to - view.from)) * 100;

/**
 * Tick positions (axis fractions) and times inside the window: the window's start, each segment's
 * start and end, and quarter marks (`edge` false: narrow screens hide them), at least `minSpacing`
 * of the window apart (edges win).
 */
export function axisTicks(axis: TimeAxis, view: AxisView, minSpacing = 0.22): Array<{ at: number; time: number; edge: boolean }> {
  const width = view.to - view.from;
  const inside = (at: number) => at >= view.from - 1e-9 && at <= view.to + 1e-9;
  const edges = [view.from, ...axis.segments.flatMap((s) => [s.from, s.to])].filter(inside);
  const quarters = [1, 2, 3, 4].map((i) => view.from + (i / 4) * width);
  const chosen: Array<{ at: number; edge: boolean }> = [];
  for (const [i, at] of [...edges, ...quarters].entries()) {
    if (axisTime(axis, at) == null) continue;
    if (chosen.every((c) => Math.abs(c.at - at) / width >= minSpacing)) chosen.push({ at, edge: i < edges.length });
  }
  return chosen.sort((a, b) => a.at - b.at).map(({ at, edge }) => ({ at, time: axisTime(axis, at) as number, edge }));
}
