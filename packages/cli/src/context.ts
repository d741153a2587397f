/** What every command gets: clients built from the global options and the environment. */
import { InvalidArgumentError, type Command } from 'commander';
import { createTraceHubApi, type JsonApi } from '@tracehub/evals';
import { langfuseSettings, traceHubSettings, type LangfuseSettings } from './settings.js';

/** Connections for one command run. */
export interface CliContext {
  /** The Trace Hub server (TRACEHUB_HOST / --host, TRACEHUB_API_KEY / --api-key). */
  traceHub(): JsonApi;
  langfuse(): LangfuseSettings;
}

/** The context of the command being run. */
export function contextOf(command: Command): CliContext {
  const globals = command.optsWithGlobals<{ host?: string; apiKey?: string }>();
  return {
    traceHub: () => {
      const settings = traceHubSettings(process.env, globals);
      return createTraceHubApi({
        host: settings.host,
        apiKey: settings.apiKey,
        hostVariable: 'TRACEHUB_HOST (or --host)',
        authHint: 'Set TRACEHUB_API_KEY (or --api-key) to a key with the needed scope.',
      });
    },
    langfuse: () => langfuseSettings(process.env),
  };
}

/** Parses a whole positive number option; a bad value is a one-line error. */
export function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a whole number of 1 or more, got "${value}"`);
    return Number(value);
  };
}
