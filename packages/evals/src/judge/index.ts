export * from './structured-judge.js';
