/** Types of build-if-changed.mjs (for its test). */
export declare const INPUTS: string[];
export declare function inputsFingerprint(webDir: string): string;
export declare function webBuildNeeded(webDir: string): boolean;
export declare function recordWebBuild(webDir: string): void;
