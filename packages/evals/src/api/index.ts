export * from './json-api-client.js';
