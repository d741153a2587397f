/** The project the UI works on: kept in localStorage and sent as `x-tracehub-project` on every API call. */
import { useSyncExternalStore } from 'react';

const KEY = 'tracehub.project';
const listeners = new Set<() => void>();
let current: string | null = readStored();

function readStored(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The selected project id, or null when the server should pick the user's default. */
export function getSelectedProject(): string | null {
  return current;
}

/** Selects a project (null = the server's default) and tells subscribers. */
export function setSelectedProject(projectId: string | null): void {
  if (projectId === current) return;
  current = projectId;
  try {
    if (projectId) localStorage.setItem(KEY, projectId);
    else localStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
  for (const listener of listeners) listener();
}

/** React hook: the selected project id. */
export function useSelectedProject(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
