/** Types of test-prerequisites.mjs (for the harness and its test). */
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_MISSING: string;
export declare function ensureChromium(deps?: { exists?: (path: string) => boolean; isRoot?: boolean; install?: () => boolean }): string | null;
