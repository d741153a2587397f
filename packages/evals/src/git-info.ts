/** The git commit and branch of the working directory (CI variables first), for the run's link keys. */
import { execFileSync } from 'node:child_process';

function git(args: string[], cwd: string): string | null {
  try {
    const out = execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return out || null;
  } catch {
    return null;
  }
}

/** Commit and branch: GIT_COMMIT / GITHUB_SHA / CI_COMMIT_SHA and GIT_BRANCH / GITHUB_REF_NAME / CI_COMMIT_REF_NAME, else git itself. */
export function gitInfo(cwd: string, env: NodeJS.ProcessEnv = process.env): { commit: string | null; branch: string | null } {
  const commit = env.GIT_COMMIT || env.GITHUB_SHA || env.CI_COMMIT_SHA || git(['rev-parse', 'HEAD'], cwd);
  const branch = env.GIT_BRANCH || env.GITHUB_REF_NAME || env.CI_COMMIT_REF_NAME || git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd);
  return { commit: commit ?? null, branch: branch === 'HEAD' ? null : (branch ?? null) };
}
