/**
 * Uploads a results folder to Trace Hub as the run's artifacts: its manifest.json first
 * (`PUT /api/v1/experiments/{run_id}/artifacts`), then every file the manifest lists, whatever its
 * path, as bytes (`PUT …/artifacts/<path>`); the server checks each against the manifest's sha256.
 * Used by the `tracehub` tracker at the end of a run and by `tracehub experiment upload`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readJson } from '../report/json-files.js';
import { MANIFEST_FILE, verifyManifest, type Manifest } from '../report/manifest.js';
import { answerDetail, fetchWithRetry, NetworkError, type HttpResponse } from './http-retry.js';

/** Where to upload. */
export interface ArtifactUploadTarget {
  /** Server root, e.g. http://localhost:3000. */
  host: string;
  apiKey: string;
}

/** What was uploaded. */
export interface ArtifactUploadResult {
  runId: string;
  /** Files uploaded, manifest.json included. */
  files: number;
  bytes: number;
}

const encodePath = (file: string) => file.split('/').map(encodeURIComponent).join('/');

/** Uploads the results folder `dir` (which must hold manifest.json); throws an Error with one sentence saying what failed. */
export async function uploadResultsArtifacts(target: ArtifactUploadTarget, dir: string): Promise<ArtifactUploadResult> {
  const host = target.host.replace(/\/+$/, '');
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) throw new Error(`${dir} has no ${MANIFEST_FILE}; only a finished run's results folder can be uploaded.`);
  const manifest = readJson<Manifest>(manifestFile);
  if (!manifest.run_id || !Array.isArray(manifest.files)) throw new Error(`${manifestFile} is not a results manifest (no run_id or files).`);
  const changed = verifyManifest(dir, manifest);
  if (changed.length) throw new Error(`${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed or went missing since ${MANIFEST_FILE} was written; nothing was uploaded.`);
  const base = `${host}/api/v1/experiments/${encodeURIComponent(manifest.run_id)}/artifacts`;

  async function put(url: string, what: string, body: string | Uint8Array, contentType: string): Promise<void> {
    let response: HttpResponse;
    try {
      // PUT replaces, so retrying is safe.
      response = await fetchWithRetry({ method: 'PUT', url, headers: { 'x-api-key': target.apiKey, 'content-type': contentType }, body, timeoutMs: 300_000 }, { retries: 4, deadlineMs: 600_000 });
    } catch (error) {
      if (error instanceof NetworkError) throw new Error(`Trace Hub is not reachable at ${host} (${error.message}) while uploading ${what}.`);
      throw error;
    }
    if (response.status === 401 || response.status === 403) throw new Error(`Trace Hub refused the upload of ${what} (${response.status}: ${answerDetail(response)}); use an API key with the ingest scope.`);
    if (response.status === 404 && answerDetail(response).startsWith('No route')) throw new Error(`Trace Hub at ${host} has no artifact store (404); update the server.`);
    if (response.status === 404 && what === MANIFEST_FILE) throw new Error(`Trace Hub at ${host} has no run "${manifest.run_id}"; store the run first (experiment run --tracker tracehub).`);
    if (response.status >= 300) throw new Error(`Trace Hub answered ${response.status} to the upload of ${what}: ${answerDetail(response)}`);
  }

  const manifestText = fs.readFileSync(manifestFile, 'utf8');
  await put(base, MANIFEST_FILE, manifestText, 'application/json');
  let bytes = Buffer.byteLength(manifestText);
  for (const entry of manifest.files) {
    const data = fs.readFileSync(path.join(dir, entry.path));
    await put(`${base}/${encodePath(entry.path)}`, entry.path, data, 'application/octet-stream');
    bytes += data.length;
  }
  return { runId: manifest.run_id, files: manifest.files.length + 1, bytes };
}
