/** Parses `--tracker tracehub+mlflow+phoenix+langfuse+langsmith` (or TRACEHUB_TRACKERS) and builds the trackers. */
import type { Tracker } from './tracker.js';
import { createTraceHubTracker } from './tracehub-tracker.js';
import { createMlflowTracker, mlflowSettings } from './mlflow-tracker.js';
import { createPhoenixTracker, phoenixSettings } from './phoenix-tracker.js';
import { createLangfuseTracker, langfuseTrackerSettings } from './langfuse-tracker.js';
import { createLangSmithTracker } from './langsmith-tracker.js';
import { langsmithSettings } from './langsmith-api.js';

/** The tracker names; `none` keeps results on disk only. */
const TRACKER_NAMES = ['tracehub', 'mlflow', 'phoenix', 'langfuse', 'langsmith'] as const;

/** Splits a `+`-joined list (also `,`); `none` (alone) means no trackers. Throws on an unknown name. */
export function parseTrackerList(text: string): string[] {
  const names = [...new Set(text.split(/[+,]/).map((n) => n.trim().toLowerCase()).filter(Boolean))];
  if (names.length === 1 && names[0] === 'none') return [];
  for (const name of names) {
    if (!(TRACKER_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Unknown tracker "${name}"; use any +-joined set of ${TRACKER_NAMES.join(', ')} (or none).`);
    }
  }
  return names;
}

/** Builds the named trackers; settings come from `env` (and the Trace Hub connection). */
export function createTrackers(names: string[], options: { env: NodeJS.ProcessEnv; traceHub: { host: string; apiKey: string } }): Tracker[] {
  return names.map((name) => {
    switch (name) {
      case 'tracehub': return createTraceHubTracker(options.traceHub);
      case 'mlflow': return createMlflowTracker(mlflowSettings(options.env));
      case 'phoenix': return createPhoenixTracker(phoenixSettings(options.env));
      case 'langfuse': return createLangfuseTracker(langfuseTrackerSettings(options.env));
      case 'langsmith': return createLangSmithTracker(langsmithSettings(options.env));
      default: throw new Error(`Unknown tracker "${name}".`);
    }
  });
}

/**
 * Trackers every run must log to (seed 004: "mlflow+phoenix, a run missing either fails"): the run's
 * `required_trackers` (tracehub.eval.yaml) and `TRACEHUB_REQUIRED_TRACKERS`, together.
 */
export function requiredTrackers(specRequired: string[] | undefined, env: NodeJS.ProcessEnv): Array<{ name: string; by: string }> {
  const fromEnv = env.TRACEHUB_REQUIRED_TRACKERS ? parseTrackerList(env.TRACEHUB_REQUIRED_TRACKERS).map((name) => ({ name, by: 'TRACEHUB_REQUIRED_TRACKERS' })) : [];
  const fromSpec = (specRequired ?? []).map((name) => ({ name, by: 'required_trackers' }));
  return [...fromSpec, ...fromEnv.filter((e) => !fromSpec.some((s) => s.name === e.name))];
}

/** Throws one line naming each required tracker the run's selection lacks (checked before anything is loaded or called). */
export function checkRequiredTrackers(selected: string[], required: Array<{ name: string; by: string }>): void {
  const missing = required.filter((r) => !selected.includes(r.name));
  if (!missing.length) return;
  const all = [...new Set([...selected, ...required.map((r) => r.name)])].join('+');
  const names = missing.map((m) => `${m.name} (required by ${m.by})`).join(', ');
  throw new Error(`This run's trackers (${selected.join('+') || 'none'}) lack ${names}; run with --tracker ${all}. No model was called.`);
}
