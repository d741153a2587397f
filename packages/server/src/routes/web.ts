/**
 * Serves the web UI (packages/web/dist) from the API's process: files as they are, hashed assets
 * cached for a year, and index.html for every other GET that is not an API path (client-side
 * routes). Unknown /api/* and /v1/* paths still get the JSON 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where `npm run build -w @tracehub/web` writes the app (from src/ and dist/ alike). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const API_PREFIXES = ['/api/', '/v1/'];
const STATIC_EXTENSIONS = /\.(js|mjs|css|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt|webmanifest)$/i;

// Unstyled on purpose: the content security policy allows no inline style.
const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Trace Hub</title>
<body>
<h1>Trace Hub</h1><p>The web UI has not been built. Run <code>npm run build</code> (or
<code>npm run build -w @tracehub/web</code>) and restart the server. The API is available under <code>/api/v1</code>.</p>`;

function listFiles(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.add(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return files;
}

/** The web UI plugin; register it last so every API route takes precedence. */
export function webRoutes(options: { distDir?: string } = {}): FastifyPluginAsync {
  const root = path.resolve(options.distDir ?? DEFAULT_WEB_DIST);
  return async (app) => {
    const built = fs.existsSync(path.join(root, 'index.html'));
    const files = built ? listFiles(root) : new Set<string>();
    if (built) await app.register(fastifyStatic, { root, serve: false });

    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      let urlPath: string;
      try {
        urlPath = decodeURIComponent(request.url.split('?')[0]);
      } catch {
        return reply.callNotFound();
      }
      if (urlPath === '/api' || API_PREFIXES.some((p) => urlPath.startsWith(p))) return reply.callNotFound();
      if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
      const relative = urlPath.replace(/^\/+/, '');
      if (relative && files.has(relative)) {
        if (relative.startsWith('assets/')) return reply.sendFile(relative, { maxAge: '365d', immutable: true });
        return reply.sendFile(relative, { cacheControl: false });
      }
      // A missing file (e.g. an old asset) is a 404; anything else is a page of the app.
      if (relative.startsWith('assets/') || STATIC_EXTENSIONS.test(relative)) return reply.callNotFound();
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', { cacheControl: false });
    });
  };
}
