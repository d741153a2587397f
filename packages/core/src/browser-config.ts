/**
 * In a browser the web UI runs under a Content-Security-Policy without 'unsafe-eval'
 * (packages/server/src/security-headers.ts): zod must validate without generating code, or its
 * eval probe is reported as a CSP violation. The server keeps zod's faster generated parsers.
 */
import { config } from 'zod';

if ('document' in globalThis) config({ jitless: true });
