export * from './codes.js';
export * from './schemas.js';
export * from './fleet.js';
