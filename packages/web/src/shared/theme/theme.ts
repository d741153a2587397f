/** Light and dark themes: CSS variables keyed by `data-theme` on <html>; the choice is kept in localStorage. */
import { useCallback, useSyncExternalStore } from 'react';

/** The two themes. */
export type Theme = 'light' | 'dark';

const KEY = 'tracehub.theme';
const listeners = new Set<() => void>();

function current(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** Applies and remembers a theme. */
function setTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // storage unavailable
  }
  for (const listener of listeners) listener();
}

/** React hook: the theme and a toggle. */
export function useTheme(): { theme: Theme; toggle: () => void } {
  const theme = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current,
  );
  const toggle = useCallback(() => setTheme(current() === 'dark' ? 'light' : 'dark'), []);
  return { theme, toggle };
}
