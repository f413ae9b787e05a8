// Bundles the command line and its two threads in place, after `tsc` (npm run build): dist/cli.js,
// dist/io/worker/read-worker.js and dist/cli/progress-thread.js each become one file holding the modules they
// import (apache-arrow included), so a run loads three files instead of ~350.
// Node 20 takes ~0.3 s to load the modules one by one, ~0.1 s as one bundle (docs/performance.md, fifth pass).
// The library (dist/index.js and the rest) stays as tsc wrote it.
//
// `new URL('./x.js', import.meta.url)` in a bundled module is rewritten relative to the bundle, so the threads,
// sql/ and package.json are found where they are. DuckDB (a native addon) and gRPC (Spark only) are left as
// packages.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const entries = ['cli.js', 'io/worker/read-worker.js', 'pipeline/duckdb-worker.js', 'cli/progress-thread.js'];
const url = /new URL\((['"])(\.{1,2}\/[^'"]*)\1, import\.meta\.url\)/g;

for (const entry of entries) {
  const outfile = join(dist, entry);
  await build({
    entryPoints: [outfile],
    outfile,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    external: ['@duckdb/*', '@grpc/*'],
    plugins: [
      {
        name: 'relative-urls',
        setup(b) {
          b.onLoad({ filter: /\.js$/ }, async (args) => {
            if (!args.path.startsWith(dist)) return undefined;
            const text = await readFile(args.path, 'utf8');
            const contents = text.replace(url, (_, quote, path) => {
              // a URL's separator is '/' on every platform
              let moved = relative(dirname(outfile), resolve(dirname(args.path), path))
                .split(sep)
                .join('/');
              if (!moved.startsWith('.')) moved = `./${moved}`;
              if (path.endsWith('/') && !moved.endsWith('/')) moved += '/';
              return `new URL(${quote}${moved}${quote}, import.meta.url)`;
            });
            return { contents, loader: 'js', resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
}
