// Types for n8n-runtime.mjs (hand-written; keep in step with it).

/** the quiet/offline/deterministic environment every n8n process gets */
export declare const QUIET_ENV: Readonly<Record<string, string>>;

export interface UserDirSettings {
  /** folders for N8N_CUSTOM_EXTENSIONS (scanned for *.node.js / *.credentials.js → types CUSTOM.<name>) */
  customExtensions?: string | string[];
  /** extra environment for every n8n process on this folder */
  env?: Record<string, string>;
  /** N8N_LOG_LEVEL for CLI commands (default 'error'; import/publish/execute use 'info' to check results) */
  logLevel?: string;
  /** mkdtemp prefix in os.tmpdir(), default 'n8n-e2e-' */
  prefix?: string;
}

export interface RunOptions {
  customExtensions?: string | string[];
  env?: Record<string, string>;
  logLevel?: string;
  /** default 120000 */
  timeoutMs?: number;
  brokerPort?: number;
  quietInstall?: boolean;
}

export interface CliResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** n8n's IRun as printed by `n8n execute --rawOutput` (only the parts tests usually read are typed) */
export interface N8nRun {
  status: 'success' | 'error' | 'crashed' | 'canceled' | string;
  finished?: boolean;
  mode: string;
  startedAt: string;
  stoppedAt?: string;
  data: {
    resultData: {
      runData: Record<string, Array<{
        executionStatus?: string;
        error?: { message: string; [k: string]: unknown };
        data?: { main?: Array<Array<{ json: Record<string, unknown>; binary?: unknown }> | null> };
        [k: string]: unknown;
      }>>;
      lastNodeExecuted?: string;
      error?: { message: string; [k: string]: unknown };
    };
    [k: string]: unknown;
  };
  /** added by the harness: wall time of the `n8n execute` process */
  durationMs?: number;
  [k: string]: unknown;
}

/** thrown by the CLI helpers; `run` is set by executeWorkflow when n8n printed the run data */
export interface N8nCliError extends Error {
  result: CliResult;
  run?: N8nRun;
}

export interface N8nServer {
  /** http://127.0.0.1:<port>; webhooks at `${url}/webhook/<path>`, REST at `${url}/rest/...` */
  url: string;
  port: number;
  pid: number | undefined;
  /** <userDir>/n8n-<command>-<port>.log */
  logFile: string;
  logs(): string;
  /** SIGTERM, SIGKILL (whole process group) after 15 s */
  stop(): Promise<void>;
  /** a crash: the signal (default SIGKILL) to the whole process group at once */
  kill(signal?: string): Promise<void>;
}

export interface StartOptions extends RunOptions {
  /** 'start' (default), or queue mode's 'webhook' / 'worker' (the port is then its health-check server) */
  command?: 'start' | 'webhook' | 'worker';
  /** after the command, e.g. ['--concurrency=1'] */
  args?: string[];
}

export declare function freePort(): Promise<number>;
export declare function createUserDir(settings?: UserDirSettings): string;
export declare function removeUserDir(userDir: string): void;
export declare function n8nEnv(userDir: string, opts?: RunOptions): Record<string, string>;
export declare function runN8n(userDir: string, args: string[], opts?: RunOptions): Promise<CliResult>;

export declare function importCredentials(userDir: string, jsonFile: string, opts?: RunOptions): Promise<CliResult>;
export declare function importWorkflow(userDir: string, jsonFile: string, opts?: RunOptions): Promise<CliResult>;
/** `n8n publish:workflow --id=<id>`; call before startN8n */
export declare function activateWorkflow(userDir: string, id: string, opts?: RunOptions): Promise<CliResult>;
/** `n8n execute --id=<id> --rawOutput`; rejects (N8nCliError) unless the run succeeded */
export declare function executeWorkflow(userDir: string, id: string, opts?: RunOptions): Promise<N8nRun>;
/** the `json` of every item one node emitted on an output */
export declare function nodeOutput(run: N8nRun, nodeName: string, opts?: { output?: number; runIndex?: number }): Array<Record<string, unknown>>;

/** port 0/undefined → a free port; resolves when readiness is 200 and published workflows are active */
export declare function startN8n(userDir: string, port?: number, opts?: StartOptions): Promise<N8nServer>;

/** N8N_INSTANCE_OWNER_* variables (bcrypt hash made with n8n's bcryptjs) for startN8n(..., { env }) */
export declare function ownerEnv(owner: { email: string; password: string; firstName?: string; lastName?: string }): Promise<Record<string, string>>;
/** POST /rest/owner/setup on a fresh instance; resolves with the session cookie */
export declare function setupOwner(url: string, owner: { email: string; password: string; firstName?: string; lastName?: string }): Promise<string>;
/** POST /rest/login; resolves with the session cookie (`n8n-auth=...`) */
export declare function login(url: string, creds: { email: string; password: string }): Promise<string>;

/** `npm install <tarball> --omit=peer` into <userDir>/.n8n/nodes; node types become `<package>.<node>` */
export declare function installCommunityPackage(userDir: string, tarball: string): Promise<string>;
