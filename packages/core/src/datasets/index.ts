export * from './canonical-json.js';
export * from './input-mapping.js';
export * from './trace-input.js';
export * from './dataset-content.js';
