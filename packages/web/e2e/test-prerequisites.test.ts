/** `npm test` on a fresh machine: Chromium installed when run as root, else one line saying what to install (scripts/test-prerequisites.mjs). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, CHROMIUM_PATH, ensureChromium } from '../scripts/test-prerequisites.mjs';

describe('test prerequisites', () => {
  it('passes when Chromium is there', () => {
    expect(ensureChromium({ exists: () => true, isRoot: false, install: () => false })).toBeNull();
  });

  it('installs it as root with apt-get, and stops with one line otherwise', () => {
    const installed = new Set(['/usr/bin/apt-get']);
    let installs = 0;
    const exists = (p: string) => installed.has(p);
    expect(
      ensureChromium({
        exists,
        isRoot: true,
        install: () => {
          installs++;
          installed.add(CHROMIUM_PATH);
          return true;
        },
      }),
    ).toBeNull();
    expect(installs).toBe(1);
    const notRoot = ensureChromium({ exists: (p) => p === '/usr/bin/apt-get', isRoot: false, install: () => true });
    expect(notRoot).toBe(CHROMIUM_MISSING);
    expect(notRoot).not.toContain('\n');
    expect(notRoot).toMatch(/apt-get install -y chromium/);
    // A failed install as root stops too.
    expect(ensureChromium({ exists: (p) => p === '/usr/bin/apt-get', isRoot: true, install: () => false })).toBe(CHROMIUM_MISSING);
  });

  it('the script exits 0 on this machine (Chromium installed) before npm test builds anything', () => {
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/test-prerequisites.mjs', import.meta.url))], { encoding: 'utf8' });
    expect(run.status).toBe(0);
  });
});
