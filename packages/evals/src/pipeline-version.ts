/** The version of the experiment pipeline recorded with every run (link key `pipeline_version`). */
export const PIPELINE_VERSION = 'tracehub-evals/0.1.0';
