/** Where the calibration view (features/evaluation-rules, loaded on demand) of an evaluator — an evaluation name — lives; a link needs no page code. */
export const calibrationPath = (name: string) => `/evaluators/${encodeURIComponent(name)}/calibration`;
