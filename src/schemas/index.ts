/** Every declared table, in one place. */
export * from './types.js';
export * from './names.js';
export * from './raw.js';
export * from './enriched.js';
export * from './rejects.js';
export * from './aggregates.js';
export * from './markdown.js';
export * from './warehouse-layout.js';
export * from './quality-file.js';
