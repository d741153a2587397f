export * from './policy-definition.js';
export * from './condition-ops.js';
export * from './compile-policy.js';
export * from './decision-requests.js';
export * from './decision-responses.js';
export * from './policy-regex.js';
export * from './webhook-destinations.js';
