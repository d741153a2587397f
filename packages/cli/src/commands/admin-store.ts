/** Opens the server's store for `tracehub admin …` (on the server machine, never over HTTP). */
import type { InstanceAdmin } from '@tracehub/server/instance-admin';
import { CliError } from '../cli-error.js';

/** Runs `work` with the instance-admin operations over the server's own store, then closes it. */
export async function withInstanceAdmin<T>(work: (admin: InstanceAdmin) => Promise<T>): Promise<T> {
  // Loaded on demand: the other commands never load the server's storage drivers.
  const { openInstanceAdmin } = await import('@tracehub/server/instance-admin');
  const admin = await openInstanceAdmin(process.env);
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

/** The password from `--password`, or the first line of stdin with `--password-stdin`; undefined = generate one. */
export async function passwordOption(opts: { password?: string; passwordStdin?: boolean }): Promise<string | undefined> {
  if (opts.password !== undefined && opts.passwordStdin) throw new CliError('Give either --password or --password-stdin, not both.');
  if (!opts.passwordStdin) return opts.password;
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const line = text.split(/\r?\n/)[0];
  if (!line) throw new CliError('--password-stdin read an empty line; pipe the password in, e.g. printf %s "$PW" | tracehub admin …');
  return line;
}
