/** The storage seam of the prompt registry: immutable versions and movable labels. */

/** One immutable prompt version. `prompt` is the template text, or JSON text of chat messages. */
export interface PromptVersionRow {
  project_id: string;
  name: string;
  version: number;
  type: 'text' | 'chat';
  prompt: string;
  /** JSON text of the model parameters. */
  config: string;
  template_format: 'fstring' | 'mustache';
  commit_message: string | null;
  /** sha256 of the canonical JSON of {type, prompt, config, template_format}. */
  content_hash: string;
  created_at: number;
}

/** A label pointing at one version of a prompt (at most one row per label). */
export interface PromptLabelRow {
  project_id: string;
  name: string;
  label: string;
  version: number;
  updated_at: number;
}

/** Writes available inside one prompt transaction (which holds that prompt's lock). */
export interface PromptWriteTx {
  latestVersion(projectId: string, name: string): Promise<PromptVersionRow | null>;
  getVersion(projectId: string, name: string, version: number): Promise<PromptVersionRow | null>;
  insertVersion(row: PromptVersionRow): Promise<void>;
  /** Points each label at `version`, moving it from any other version. */
  setLabels(projectId: string, name: string, version: number, labels: string[], at: number): Promise<void>;
  /** Removes a label; answers false when the prompt had no such label. */
  removeLabel(projectId: string, name: string, label: string): Promise<boolean>;
}

/** Prompt versions and labels. */
export interface PromptStore {
  /** Runs `work` in one write transaction that serialises writers of the same prompt. */
  write<T>(projectId: string, name: string, work: (tx: PromptWriteTx) => Promise<T>): Promise<T>;
  /** The newest version of every prompt, by name. */
  listLatest(projectId: string): Promise<Array<PromptVersionRow & { version_count: number }>>;
  listVersions(projectId: string, name: string): Promise<PromptVersionRow[]>;
  latestVersion(projectId: string, name: string): Promise<PromptVersionRow | null>;
  getVersion(projectId: string, name: string, version: number): Promise<PromptVersionRow | null>;
  /** Labels of one prompt, or of every prompt when `name` is left out. */
  listLabels(projectId: string, name?: string): Promise<PromptLabelRow[]>;
}
