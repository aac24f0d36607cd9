// Types for node-red-runtime.mjs (hand-written; keep in step with it).

export declare const CREDENTIAL_SECRET: string;

export interface StartOptions {
  major: 4 | 5;
  /** a free port is picked when omitted */
  port?: number;
  /** defaults to a fresh temp dir, removed again by stop() */
  userDir?: string;
  /** `npm pack` tarballs, installed with `npm install --omit=dev` into the userDir */
  packages?: string[];
  /** merged over the harness defaults (plain objects one level deep); JSON-serialisable values only */
  settings?: Record<string, unknown>;
  /** extra environment of the Node-RED process (e.g. HTTP_PROXY) */
  env?: Record<string, string>;
  /** default 60000 */
  startTimeoutMs?: number;
  /** keep a temp userDir after stop() (also LINKSFIELD_KEEP_USERDIR=1) */
  keepUserDir?: boolean;
  onLog?: (line: string) => void;
}

export interface NodeRedRuntime {
  /** e.g. http://127.0.0.1:34567 (admin API and http-in endpoints both at the root) */
  url: string;
  port: number;
  userDir: string;
  version: string;
  nodeBin: string;
  /** spawn → GET /settings answering, in ms */
  startMs: number;
  pid: number | undefined;
  /** SIGINT, then SIGKILL after timeoutMs (default 5000); resolves when the process has exited */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
  /** everything written so far (npm install output, Node-RED stdout, `[stderr] `-prefixed stderr) */
  logs(): string;
}

export declare function startNodeRed(opts: StartOptions): Promise<NodeRedRuntime>;

export declare function buildSettings(opts: { port: number; userDir: string; overrides?: Record<string, unknown> }): Record<string, unknown>;

export interface NodeSet {
  id: string;
  name: string;
  types: string[];
  enabled: boolean;
  local?: boolean;
  user?: boolean;
  module: string;
  version?: string;
  /** present when the set failed to load: a string, or a JSON-flattened Error ({ code, ... }, no message) */
  err?: unknown;
}
export declare function getNodes(url: string): Promise<NodeSet[]>;
export declare function requireModuleLoaded(url: string, moduleName: string): Promise<NodeSet[]>;

export type FlowNode = { id: string; type: string; [key: string]: unknown };
/** Full deploy; resolves with the new revision once the runtime has started the flows. */
export declare function deployFlows(url: string, flows: FlowNode[], opts?: { timeoutMs?: number }): Promise<string>;
export declare function inject(url: string, nodeId: string): Promise<void>;
export declare function waitFor<T>(fn: () => T | Promise<T>, timeoutMs?: number, intervalMs?: number): Promise<NonNullable<T>>;

export interface CommsMessage { topic: string; data: any }
export interface Comms {
  messages: CommsMessage[];
  waitFor(pred: (m: CommsMessage, index: number) => boolean, timeoutMs?: number): Promise<CommsMessage>;
  close(): void;
}
export declare function openComms(url: string, opts?: { timeoutMs?: number }): Promise<Comms>;
