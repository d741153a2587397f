/** `npm start` rebuilds the web UI only when its inputs changed (scripts/build-if-changed.mjs); no browser needed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordWebBuild, webBuildNeeded } from '../scripts/build-if-changed.mjs';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('web build only when changed', () => {
  it('builds when dist is missing or an input (web source, core source, lockfile) changed, and not otherwise', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-web-build-'));
    const web = path.join(root, 'packages/web');
    write(path.join(web, 'src/main.tsx'), 'a');
    write(path.join(web, 'index.html'), '<html>');
    write(path.join(web, 'vite.config.ts'), 'export default {}');
    write(path.join(web, 'package.json'), '{}');
    write(path.join(root, 'packages/core/src/index.ts'), 'core');
    write(path.join(root, 'package-lock.json'), '{}');
    expect(webBuildNeeded(web)).toBe(true);
    write(path.join(web, 'dist/index.html'), 'built');
    expect(webBuildNeeded(web)).toBe(true);
    recordWebBuild(web);
    expect(webBuildNeeded(web)).toBe(false);
    // A test file is no input; a source is.
    write(path.join(web, 'src/x.test.ts'), 'test');
    expect(webBuildNeeded(web)).toBe(false);
    for (const input of ['src/main.tsx', '../core/src/index.ts', '../../package-lock.json', 'src/new/file.ts']) {
      write(path.join(web, input), `changed ${input}`);
      expect(webBuildNeeded(web)).toBe(true);
      recordWebBuild(web);
      expect(webBuildNeeded(web)).toBe(false);
    }
    fs.rmSync(path.join(web, 'dist/index.html'));
    expect(webBuildNeeded(web)).toBe(true);
  });
});
