/** Environment variables → values, through a zod schema. */
import type { z } from 'zod';
import { describeZodError } from '@tracehub/core';

/** Parses environment variables with `envSchema`; throws one readable line naming every bad variable. */
export function parseEnv<S extends z.ZodType>(envSchema: S, env: Record<string, string | undefined>): z.output<S> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = describeZodError(parsed.error).map((i) => `${i.path}: ${i.message}`);
    throw new Error(`Invalid configuration: ${lines.join('; ')}`);
  }
  return parsed.data;
}
