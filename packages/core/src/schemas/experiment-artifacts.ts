/**
 * A run's artifacts: the files of its results folder, uploaded to Trace Hub with their manifest
 * (`PUT /api/v1/experiments/{run_id}/artifacts`, then each file) and listed and downloaded from there.
 */
import { z } from 'zod';

/** Longest artifact path (characters) and path segment (UTF-8 bytes, the usual file-name limit). */
export const ARTIFACT_PATH_MAX = 1024;
export const ARTIFACT_SEGMENT_MAX_BYTES = 255;

const utf8 = new TextEncoder();

/**
 * Why `path` cannot be an artifact path, or null when it can: a relative path with `/` separators
 * that stays inside the run's folder (no `..` or `.` segments, not absolute, no backslash, drive
 * letter, NUL or other control character, no empty segment).
 */
export function artifactPathProblem(path: string): string | null {
  if (!path) return 'is empty';
  if (path.length > ARTIFACT_PATH_MAX) return `is longer than ${ARTIFACT_PATH_MAX} characters`;
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a NUL or control character';
  if (path.includes('\\')) return 'contains a backslash (use "/" separators)';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute (paths are relative to the results folder)';
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return `has a "${segment}" segment (it must stay inside the results folder)`;
    if (utf8.encode(segment).length > ARTIFACT_SEGMENT_MAX_BYTES) return `has a segment longer than ${ARTIFACT_SEGMENT_MAX_BYTES} bytes`;
  }
  return null;
}

/** A relative artifact path (see artifactPathProblem). */
export const artifactPathSchema = z.string().superRefine((path, context) => {
  const problem = artifactPathProblem(path);
  if (problem) context.addIssue({ code: 'custom', message: `artifact path ${JSON.stringify(path.slice(0, 200))} ${problem}` });
});

/** One file of a results folder's manifest.json. */
export const artifactManifestEntrySchema = z.object({
  path: artifactPathSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters'),
  bytes: z.number().int().min(0),
});

/** manifest.json of a results folder as uploaded; other fields (counts, dataset, prompt…) are kept as they are. */
export const artifactManifestSchema = z.looseObject({
  run_id: z.string().min(1).max(128),
  experiment_name: z.string().max(1000).optional(),
  files: z.array(artifactManifestEntrySchema).max(10_000),
});
export type ArtifactManifest = z.infer<typeof artifactManifestSchema>;

/** One artifact as the API lists it; `uploaded` is false until its bytes arrived and matched the manifest. */
export const artifactViewSchema = z.object({
  path: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  content_type: z.string(),
  uploaded: z.boolean(),
});
export type ArtifactView = z.infer<typeof artifactViewSchema>;

/** `GET /api/v1/experiments/{run_id}/artifacts`. `uploaded_at` is null when no manifest was uploaded. */
export const artifactListSchema = z.object({
  run_id: z.string(),
  uploaded_at: z.string().nullable(),
  /** Every file the manifest lists has arrived. */
  complete: z.boolean(),
  /** manifest.json first, then the manifest's files in its order. */
  files: z.array(artifactViewSchema),
});
export type ArtifactList = z.infer<typeof artifactListSchema>;
