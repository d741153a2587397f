export * from './template-problem.js';
export * from './fstring-template.js';
export * from './mustache-template.js';
export * from './template.js';
export * from './prompt-render.js';
export * from './line-diff.js';
export * from './render-budget.js';
