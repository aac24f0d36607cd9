// Types for install.mjs (hand-written; keep in step with it).

export declare const VERSIONS: Readonly<{
  nodeRed: Readonly<{ 4: string; 5: string }>;
  node24: string;
}>;

export declare function cacheRoot(): string;

import type { Node24 } from '../../runtime-cache.mjs';
export type { Node24 };
/** the cache's node-24/ folder, shared with the n8n harness (../../runtime-cache.mjs) */
export declare function ensureNode24(): Promise<Node24>;

export interface NodeRedInstall {
  /** Node binary to run this Node-RED with (this process's Node for 4.x, Node 24 for 5.x) */
  nodeBin: string;
  redJs: string;
  dir: string;
  version: string;
  /** environment for `npm` so it (and native builds) use the same Node */
  npmEnv: Record<string, string>;
}
export declare function ensureNodeRed(major: 4 | 5): Promise<NodeRedInstall>;

export declare function npmEnvFor(node: { binDir: string; nodedir: string } | null): Record<string, string>;
