/**
 * @grpc/grpc-js, loaded on first use rather than when the CLI starts: only a Spark run talks gRPC, and loading
 * the package (~45 ms) is a cost a local run, `ecomflow sql` and `ecomflow report` never need. The bundled CLI
 * hoists a static import of it to its first line, whatever module holds it, so the package is required here.
 * Types are imported as types.
 */
import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';

// a CommonJS package: require() loads it synchronously, the same module instance an `import` of it would give
const require = createRequire(import.meta.url);
let api: typeof Grpc | undefined;

/** @grpc/grpc-js, required on the first call. */
export function grpc(): typeof Grpc {
  api ??= require('@grpc/grpc-js') as typeof Grpc;
  return api;
}
