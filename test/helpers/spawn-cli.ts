/**
 * `ecomflow` as a real process, for what only a process shows: signals, exit codes, the terminal, other users and
 * mount namespaces. From TypeScript sources through tsx (any cwd), or the build (`dist/cli.js`, where the orders
 * are parsed on a worker thread) when asked.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './tmp.js';

/** The repository's root. */
export const root = resolve(import.meta.dirname, '../..');
/** The built CLI. */
export const builtCli = join(root, 'dist', 'cli.js');
/** Whether the build is there. */
export const hasBuild = existsSync(builtCli);

/** `node` arguments that start the CLI: from sources (tsx, found from any cwd) or from the build. */
export function cliCommand(built = false): string[] {
  if (built) return [process.execPath, builtCli];
  const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return [process.execPath, '--import', tsx, join(root, 'src', 'cli.ts')];
}

/** How to start the process. */
export interface CliProcessOptions {
  readonly built?: boolean;
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Run as this user and group (the test must be root). */
  readonly uid?: number;
  readonly gid?: number;
  /** A command the CLI runs under, e.g. `inMountNamespace(…)`: its arguments, then the CLI's. */
  readonly wrap?: readonly string[];
}

/** What a finished process did. */
export interface CliOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

/** A running CLI process; `outcome` resolves when it exits. */
export interface CliProcess {
  readonly pid: number;
  kill(signal: NodeJS.Signals): void;
  readonly outcome: Promise<CliOutcome>;
}

/** Starts `ecomflow <args>` as a process. */
export function startCli(args: readonly string[], options: CliProcessOptions = {}): CliProcess {
  const [command, ...rest] = [...(options.wrap ?? []), ...cliCommand(options.built), ...args];
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  };
  const child = spawn(command!, rest, spawnOptions);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const outcome = new Promise<CliOutcome>((done) => {
    child.on('close', (code, signal) => {
      done({ code, signal, out, err });
    });
  });
  return {
    pid: child.pid!,
    kill: (signal) => {
      child.kill(signal);
    },
    outcome,
  };
}

/** Runs `ecomflow <args>` as a process to its end. */
export function runCli(args: readonly string[], options: CliProcessOptions = {}): Promise<CliOutcome> {
  return startCli(args, options).outcome;
}

/**
 * The wrapper that runs a command in a mount namespace of its own after `setup` (shell commands, e.g. mounting a
 * small tmpfs) and then `after` (e.g. listing what is left on it): nothing mounted there is seen outside, and it
 * ends with the process. The command's exit code is the wrapper's.
 */
export function inMountNamespace(setup: string, after = 'true'): string[] {
  const script = `${setup} || exit 99; "$@"; code=$?; ${after}; exit $code`;
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh'];
}

/** Whether this process may mount file systems in a namespace of its own (root, or a permissive container). */
export function canMount(): boolean {
  const dir = tempDir('ecomflow-mount-probe-');
  try {
    const [command, ...args] = [...inMountNamespace(`mount -t tmpfs -o size=64k tmpfs ${dir}`), 'true'];
    return spawnSync(command, args).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether tests can act as another user (they run as root): file modes then hold for the CLI they start. */
export const isRoot = process.getuid?.() === 0;

/** The unprivileged user tests switch to when root (`nobody`). */
export const NOBODY = 65534;

let reach: boolean | undefined;

/**
 * Whether `nobody` can run this project's code: not when the clone sits under a private folder (a `mktemp -d`,
 * mode 0700), which tests as another user then cannot enter. Asked once, when a test first needs it.
 */
export function otherUserReachesProject(): boolean {
  if (!isRoot) return true;
  reach ??=
    spawnSync(
      process.execPath,
      ['-e', `require('fs').accessSync(${JSON.stringify(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs'))})`],
      {
        uid: NOBODY,
        gid: NOBODY,
        timeout: 30_000,
      },
    ).status === 0;
  return reach;
}

/** Why a test as another user skips when `otherUserReachesProject()` is false. */
export const PROJECT_UNREACHABLE =
  'nobody cannot enter this clone (a parent folder is private): tests as another user skip';

/** A fresh folder any user may read and write (for runs as another user). */
export function sharedDir(prefix = 'ecomflow-shared-'): string {
  const dir = tempDir(prefix);
  chmodSync(dir, 0o777);
  return dir;
}
