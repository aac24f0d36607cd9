// Types for install.mjs (hand-written; keep in step with it).

export declare const N8N_VERSION: string;
/** exact Node 24 release installed from the npm registry (NODE24_VERSION of ../../runtime-cache.mjs) */
export declare const NODE_VERSION: string;
/** native addons rebuilt against Node 24 after `npm install --ignore-scripts` */
export declare const NATIVE_MODULES: readonly string[];

/** $LINKSFIELD_CUBE_CACHE or ~/.cache/linksfield-cube */
export declare function cacheRoot(): string;
/** <cacheRoot>/n8n-<N8N_VERSION> */
export declare function installDir(root?: string): string;

export interface N8nInstall {
  /** Node 24, shared with the Node-RED harness: <cacheRoot>/node-24/node_modules/node/bin/node */
  nodeBin: string;
  /** n8n's CLI script; run it as `nodeBin n8nBin <command>` (its shebang would pick Node 20) */
  n8nBin: string;
  dir: string;
}

/**
 * Installs once (cold: a few minutes, ~2.8 GB, plus the shared Node 24), afterwards returns at once (marker file). Concurrent
 * callers wait on a lock. Progress goes to stderr unless quiet.
 */
export declare function ensureN8n(opts?: { cacheDir?: string; quiet?: boolean; lockTimeoutMs?: number }): Promise<N8nInstall>;
