/**
 * Option types of the LangGraph calls: a run recorded node by node (`startLanggraphRun`,
 * `startLanggraphNode`, `endLanggraphNode`, `endLanggraphRun`) or sent whole (`ingestLanggraphRun`).
 */
import type { Attributes, TimeInput, TraceStatus, Usage } from './types.js';

/** Options of `startLanggraphRun()`. */
export interface StartLanggraphRunOptions {
  graphName: string;
  /** Default: a new uuid. */
  runId?: string;
  inputText?: string;
  inputState?: unknown;
  model?: string;
  environment?: string;
  userId?: string;
  sessionId?: string;
  attributes?: Attributes;
  tags?: string[];
  /** Attach the run to this existing trace instead of starting one. */
  traceId?: string;
  startTime?: TimeInput;
}

/** Options of `startLanggraphNode()`. */
export interface StartLanggraphNodeOptions {
  nodeId: string;
  /** Default: `nodeId`. */
  nodeName?: string;
  /** Span type; default `chain`. */
  nodeType?: string;
  /** The node's span nests under this node's latest span; default the run's root span. */
  parentNodeId?: string;
  inputState?: unknown;
  model?: string;
  attributes?: Attributes;
  /** Default: the current run. */
  runId?: string;
  startTime?: TimeInput;
}

/** Options of `endLanggraphNode()`. */
export interface EndLanggraphNodeOptions extends Usage {
  nodeId: string;
  outputState?: unknown;
  /** Default `success`. */
  status?: TraceStatus;
  runId?: string;
  cost?: number;
  model?: string;
  statusMessage?: string;
  attributes?: Attributes;
  endTime?: TimeInput;
}

/** Options of `endLanggraphRun()`. */
export interface EndLanggraphRunOptions {
  /** Default: the current run. */
  runId?: string;
  /** Default `success`. */
  status?: TraceStatus;
  outputText?: string;
  outputState?: unknown;
  endTime?: TimeInput;
}

/** One node of `ingestLanggraphRun()`. */
export interface LanggraphNodeInput extends Usage {
  nodeId: string;
  nodeName?: string;
  nodeType?: string;
  parentNodeId?: string;
  status?: TraceStatus;
  startTime?: TimeInput;
  endTime?: TimeInput;
  inputState?: unknown;
  outputState?: unknown;
  model?: string;
  cost?: number;
  attributes?: Attributes;
  metadata?: Attributes;
  statusMessage?: string;
  idempotencyKey?: string;
}

/**
 * A finished run for `ingestLanggraphRun()`. Unless `status` is `running`, missing end times are
 * filled in (see LanggraphRecorder.ingestRun), so the run arrives with every span ended.
 */
export interface IngestLanggraphRunOptions {
  graphName: string;
  nodes?: LanggraphNodeInput[];
  /** Default: a new uuid. */
  traceId?: string;
  runId?: string;
  status?: TraceStatus;
  startTime?: TimeInput;
  endTime?: TimeInput;
  model?: string;
  environment?: string;
  userId?: string;
  sessionId?: string;
  inputText?: string;
  outputText?: string;
  inputState?: unknown;
  outputState?: unknown;
  attributes?: Attributes;
  tags?: string[];
}
