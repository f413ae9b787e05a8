/** The columnar core: builders, tables and column accessors over Apache Arrow. */
export * from './builders.js';
export * from './table.js';
export * from './columns.js';
export * from './raw-builder.js';
export * from './take.js';
export * from './show.js';
export * from './concat.js';
export * from './byte-hash.js';
export * from './typed-tables.js';
