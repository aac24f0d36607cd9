// Types for runtime-cache.mjs (hand-written; keep in step with it).
import type { ChildProcess } from 'node:child_process';

/** exact Node 24 release installed from the npm registry, shared by both harnesses */
export declare const NODE24_VERSION: string;
/** default marker file name (.linksfield-installed.json) */
export declare const MARKER: string;

/** $LINKSFIELD_CUBE_CACHE or ~/.cache/linksfield-cube */
export declare function cacheRoot(): string;
export declare function pidAlive(pid: number): boolean;
/** process.env without npm_* and INIT_CWD, with `extra` merged over it */
export declare function cleanEnv(extra?: Record<string, string>): Record<string, string>;
/** last `lines` lines of a file, or "(no log)" */
export declare function tail(file: string, lines?: number): string;

export declare function readMarker(dir: string, file?: string): Record<string, unknown> | null;
/** the marker exists and has every key/value of `expected` */
export declare function markerOk(dir: string, expected: Record<string, unknown>, file?: string): boolean;
/** writes `data` plus installedAt; call it last */
export declare function writeMarker(dir: string, data: Record<string, unknown>, file?: string): void;

export interface InstallLock {
  /** records the running child: killed on SIGINT/SIGTERM, and its pid keeps the lock from being taken over */
  noteChild(child: ChildProcess | null): void;
}
/** runs `fn` holding `<target>.lock/`; waits while another live process holds it, takes stale ones over */
export declare function withInstallLock<T>(
  target: string,
  opts: { say: (line: string) => void; staleMs: number; timeoutMs: number; noticeMs: number },
  fn: (lock: InstallLock) => Promise<T>,
): Promise<T>;

/** runs `cmd` with output appended to `logFile`; resolves with ms taken, rejects with the log's tail */
export declare function runLogged(
  cmd: string,
  args: string[],
  opts: {
    cwd: string;
    env: Record<string, string>;
    logFile: string;
    lock?: InstallLock;
    heartbeat?: (seconds: number) => void;
    heartbeatMs?: number;
    label?: string;
  },
): Promise<number>;

export interface Node24 {
  /** <cacheRoot>/node-24/node_modules/node/bin/node */
  nodeBin: string;
  binDir: string;
  /** headers folder for npm_config_nodedir */
  nodedir: string;
  dir: string;
  version: string;
}
/** installs <root ?? cacheRoot()>/node-24/ once; progress lines go to `say` (default: stderr) */
export declare function ensureNode24(opts?: { root?: string; say?: (line: string) => void }): Promise<Node24>;
/** env for npm/node-gyp on this Node: its bin first on PATH, npm_config_nodedir, no outer npm_* */
export declare function node24Env(node: Node24, extra?: Record<string, string>): Record<string, string>;
