// Runs the cached n8n (n8n-install.ts) headless: CLI import/publish/execute and a `n8n start` server for
// webhooks. Every run gets its own N8N_USER_FOLDER (sqlite DB, encryption key, community packages), so runs are
// independent and need no cleanup beyond deleting that folder.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv } from './env';
import { freePort } from './free-port';
import { ensureN8n } from './n8n-install';
import { reapOnExit } from './reaper';

const TAG = '[n8n-runtime]';
/** Options given to createUserDir() are remembered here, inside the user folder. */
const SETTINGS_FILE = 'harness-settings.json';

/**
 * Environment that keeps n8n quiet, offline and deterministic. Callers add N8N_USER_FOLDER etc.
 * Every variable is one n8n 2.40.7 reads (checked in @n8n/config and the cli package).
 */
export const QUIET_ENV: Readonly<Record<string, string>> = Object.freeze({
	// no telemetry (RudderStack/PostHog), no calls home for versions, templates, banners, personalisation
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	// the MCP-registry module fetches api.n8n.io at start-up (and logs ENOTFOUND stack traces offline)
	N8N_DISABLED_MODULES: 'mcp-registry',
	// community packages: load what is in <userDir>/.n8n/nodes, never ask n8n's API for verified lists,
	// never reinstall "missing" packages from the registry; unverified (= ours) may load
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	N8N_REINSTALL_MISSING_PACKAGES: 'false',
	// SQLite in the user folder (the default, stated for clarity)
	DB_TYPE: 'sqlite',
	// Code-node task runner: internal mode (n8n spawns a JS runner child on its own Node 24).
	// Its broker port is set per process (see n8nEnv) so parallel n8n processes do not collide.
	N8N_RUNNERS_MODE: 'internal',
	N8N_RUNNERS_TASK_TIMEOUT: '60',
	// activate published workflows synchronously during `start` (the default publication service
	// does it in the background, so "ready" would not mean "webhooks registered")
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
	// misc: no permission warnings for the generated config file, plain-http cookies for REST logins,
	// fixed timezone, quick shutdown
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_SECURE_COOKIE: 'false',
	GENERIC_TIMEZONE: 'UTC',
	TZ: 'UTC',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	N8N_LOG_OUTPUT: 'console',
});

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
	/** startN8n only: which n8n process — 'start' (default), 'webhook' (a queue-mode webhook processor on <port>)
	 * or 'worker' (<port> is its health-check server, QUEUE_HEALTH_CHECK_PORT) */
	command?: 'start' | 'webhook' | 'worker';
	/** startN8n only: arguments after the command, e.g. `--concurrency=1` */
	args?: string[];
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
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message: string; [k: string]: unknown };
					data?: { main?: Array<Array<{ json: Record<string, unknown>; binary?: unknown }> | null> };
					[k: string]: unknown;
				}>
			>;
			lastNodeExecuted?: string;
			error?: { message: string; [k: string]: unknown };
		};
		[k: string]: unknown;
	};
	/** added by the harness: wall time of the `n8n execute` process */
	durationMs?: number;
	[k: string]: unknown;
}

/** Thrown by the CLI helpers; `run` is set by executeWorkflow when n8n printed the run data. */
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
	/** SIGKILL (or another signal) to n8n and its task runner, as a crash would; resolves once it is gone */
	kill(signal?: NodeJS.Signals): Promise<void>;
}

function readSettings(userDir: string): Omit<UserDirSettings, 'prefix'> {
	try {
		return JSON.parse(fs.readFileSync(path.join(userDir, SETTINGS_FILE), 'utf8'));
	} catch {
		return {};
	}
}

function pathList(v: string | string[] | undefined): string[] {
	if (!v) return [];
	return (Array.isArray(v) ? v : [v]).map((p) => path.resolve(p));
}

/** The folders createUserDir made, each registered with the reaper until removeUserDir. */
const userDirs = new Map<string, () => void>();

/**
 * Creates a fresh, empty n8n user folder (N8N_USER_FOLDER; n8n keeps its data in <dir>/.n8n). The settings are
 * remembered in the folder and applied by every later call on it.
 */
export function createUserDir(settings: UserDirSettings = {}): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), settings.prefix || 'n8n-e2e-'));
	userDirs.set(dir, reapOnExit({ path: dir }));
	const { prefix: _prefix, ...stored } = { ...settings, customExtensions: pathList(settings.customExtensions) };
	fs.writeFileSync(path.join(dir, SETTINGS_FILE), JSON.stringify(stored, null, 2));
	return dir;
}

/** Deletes a user folder made by createUserDir (stop any server on it first). */
export function removeUserDir(userDir: string): void {
	fs.rmSync(userDir, { recursive: true, force: true });
	userDirs.get(userDir)?.();
	userDirs.delete(userDir);
}

/** The full environment for an n8n process on `userDir`. */
export function n8nEnv(userDir: string, opts: RunOptions = {}): Record<string, string> {
	const s = readSettings(userDir);
	const ext = [...pathList(s.customExtensions), ...pathList(opts.customExtensions)];
	// drop anything n8n-ish or npm-ish inherited from the calling shell / `npm test`
	const env = Object.fromEntries(Object.entries(cleanEnv()).filter(([k]) => !/^(N8N_|DB_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_ENV$)/i.test(k)));
	Object.assign(env, QUIET_ENV, { N8N_USER_FOLDER: userDir, N8N_LOG_LEVEL: opts.logLevel || s.logLevel || 'error' });
	if (ext.length) env.N8N_CUSTOM_EXTENSIONS = ext.join(';');
	if (opts.brokerPort) env.N8N_RUNNERS_BROKER_PORT = String(opts.brokerPort);
	Object.assign(env, s.env || {}, opts.env || {});
	return env;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
	for (const c of children) killGroup(c, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		/* gone */
	}
}

/** Runs `n8n <args>` on `userDir` and resolves with its output (never rejects on exit code). */
export async function runN8n(userDir: string, args: string[], opts: RunOptions = {}): Promise<CliResult> {
	const { nodeBin, n8nBin } = await ensureN8n({ quiet: opts.quietInstall });
	const env = n8nEnv(userDir, { ...opts, brokerPort: opts.brokerPort || (await freePort()) });
	const t0 = Date.now();
	// Output goes to files, not pipes: n8n exits right after printing a run, and on a busy machine a large run
	// (1,000 items) printed into a pipe was cut off mid-JSON; writes to a file are complete when it exits.
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-n8n-cli-'));
	const forgetOutDir = reapOnExit({ path: outDir });
	const files = { stdout: path.join(outDir, 'stdout'), stderr: path.join(outDir, 'stderr') };
	const fds = { stdout: fs.openSync(files.stdout, 'w'), stderr: fs.openSync(files.stderr, 'w') };
	return await new Promise((resolve, reject) => {
		const child = spawn(nodeBin, [n8nBin, ...args], { cwd: userDir, env, stdio: ['ignore', fds.stdout, fds.stderr], detached: true });
		fs.closeSync(fds.stdout);
		fs.closeSync(fds.stderr);
		children.add(child);
		// detached: the 'exit' handler above does not run on a signal, the reaper does
		const forgetChild = child.pid ? reapOnExit({ group: child.pid }) : () => {};
		const forget = () => {
			forgetChild();
			forgetOutDir();
		};
		let stderr = '';
		const output = () => {
			const text = { stdout: fs.readFileSync(files.stdout, 'utf8'), stderr: fs.readFileSync(files.stderr, 'utf8') + stderr };
			fs.rmSync(outDir, { recursive: true, force: true });
			forget();
			return text;
		};
		const timeoutMs = opts.timeoutMs ?? 120_000;
		const timer = setTimeout(() => {
			stderr += `\n${TAG} killed after ${timeoutMs} ms`;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			children.delete(child);
			fs.rmSync(outDir, { recursive: true, force: true });
			forget();
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			resolve({ code, signal, ...output(), ms: Date.now() - t0 });
		});
	});
}

function lastLines(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function failure(what: string, r: CliResult): N8nCliError {
	const err = new Error(
		`${TAG} ${what} failed (${r.signal || `exit ${r.code}`}, ${r.ms} ms)\n--- stdout ---\n${lastLines(r.stdout)}\n--- stderr ---\n${lastLines(r.stderr)}`,
	) as N8nCliError;
	err.result = r;
	return err;
}

/** n8n CLI commands report some errors only in their log output while exiting 0. */
function checkCli(what: string, r: CliResult, okPattern?: RegExp): CliResult {
	if (r.code !== 0 || (okPattern && !okPattern.test(r.stdout + r.stderr))) throw failure(what, r);
	return r;
}

// -------------------------------------------------------------------------------------------- CLI

/**
 * `n8n import:credentials --input=<file>`. The file holds one credential or an array of
 * `{ id, name, type, data: { ...plain fields } }`; plain `data` objects are encrypted on import with
 * the folder's key. Keep `id`s stable so workflows can reference them.
 */
export async function importCredentials(userDir: string, jsonFile: string, opts: RunOptions = {}): Promise<CliResult> {
	const r = await runN8n(userDir, ['import:credentials', `--input=${path.resolve(jsonFile)}`], { ...opts, logLevel: 'info' });
	return checkCli('import:credentials', r, /Successfully imported/);
}

/**
 * `n8n import:workflow --input=<file>` (one workflow or an array). Give each workflow an `id` (used by
 * executeWorkflow/activateWorkflow). Imported workflows are always inactive (2.x ignores `active`).
 */
export async function importWorkflow(userDir: string, jsonFile: string, opts: RunOptions = {}): Promise<CliResult> {
	const r = await runN8n(userDir, ['import:workflow', `--input=${path.resolve(jsonFile)}`], { ...opts, logLevel: 'info' });
	return checkCli('import:workflow', r, /Successfully imported/);
}

/**
 * Activates ("publishes", 2.x wording) a workflow: `n8n publish:workflow --id=<id>`. It only writes the
 * DB, so call it BEFORE startN8n (a running n8n does not pick it up). `update:workflow --active=true`
 * still exists in 2.40.7 but is deprecated and just calls the same code.
 */
export async function activateWorkflow(userDir: string, id: string, opts: RunOptions = {}): Promise<CliResult> {
	const r = await runN8n(userDir, ['publish:workflow', `--id=${id}`], { ...opts, logLevel: 'info' });
	return checkCli('publish:workflow', r, /Publishing workflow/);
}

/**
 * Pulls the run object (IRun) out of `n8n execute` stdout. Log lines may precede and (on failure)
 * follow it; the object itself is `JSON.stringify(run, null, 2)`, so it starts with a line "{" and
 * ends with a line "}" (nested lines are indented).
 */
function parseRun(stdout: string): N8nRun | undefined {
	const lines = stdout.split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {
				/* not this pair */
			}
		}
	}
	return undefined;
}

/**
 * Runs a stored workflow once from its Manual Trigger: `n8n execute --id=<id> --rawOutput`, which prints
 * the execution as JSON (n8n's IRun). Resolves with that object; rejects when the workflow fails (err.run holds
 * the run data when n8n printed it, err.result the raw output).
 */
export async function executeWorkflow(userDir: string, id: string, opts: RunOptions = {}): Promise<N8nRun> {
	// info level: on failure n8n logs the run data (at info) and the error (at error) before exiting 1
	const r = await runN8n(userDir, ['execute', `--id=${id}`, '--rawOutput'], { logLevel: 'info', ...opts });
	const run = parseRun(r.stdout);
	if (r.code !== 0 || !run || run.status !== 'success' || run.data?.resultData?.error) {
		const why = run?.data?.resultData?.error?.message;
		const err = failure(`execute --id=${id}${why ? ` (workflow error: ${why})` : ''}`, r);
		err.run = run;
		throw err;
	}
	run.durationMs = r.ms;
	return run;
}

/** The output items (their `json`) of one node in a run from executeWorkflow. */
export function nodeOutput(run: N8nRun, nodeName: string, { output = 0, runIndex = 0 }: { output?: number; runIndex?: number } = {}): Array<Record<string, unknown>> {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[runIndex];
	if (!task) throw new Error(`${TAG} node "${nodeName}" did not run (ran: ${Object.keys(run?.data?.resultData?.runData || {}).join(', ')})`);
	if (task.error) throw new Error(`${TAG} node "${nodeName}" failed: ${task.error.message}`);
	return (task.data?.main?.[output] || []).map((i) => i.json);
}

// ------------------------------------------------------------------------------------------ server

/** What each command prints once it serves (the worker's health server answers readiness too). */
const READY_LINE = { start: /Editor is now accessible/, webhook: /Webhook listener waiting for requests/, worker: /n8n worker is now ready/ };

/**
 * Starts `n8n start` on 127.0.0.1:<port> (0/undefined: a free port) and resolves once it is fully up:
 * /healthz/readiness answers 200 AND n8n printed "Editor is now accessible" (published workflows' webhooks are
 * registered by then, see N8N_USE_WORKFLOW_PUBLICATION_SERVICE). Publish workflows before calling this.
 * Queue mode's other processes start the same way with `command`: 'webhook' or 'worker' (see RunOptions).
 */
export async function startN8n(userDir: string, port?: number, opts: RunOptions = {}): Promise<N8nServer> {
	const { nodeBin, n8nBin } = await ensureN8n({ quiet: opts.quietInstall });
	const listenPort = port || (await freePort());
	const command = opts.command || 'start';
	const url = `http://127.0.0.1:${listenPort}`;
	const env = n8nEnv(userDir, {
		logLevel: 'info',
		...opts,
		brokerPort: opts.brokerPort || (await freePort()),
		env: {
			...(command === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(listenPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' } : {}),
			N8N_PORT: String(listenPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: `${url}/`,
			N8N_EDITOR_BASE_URL: `${url}/`,
			...(opts.env || {}),
		},
	});
	const logFile = path.join(userDir, `n8n-${command}-${listenPort}.log`);
	const logFd = fs.openSync(logFile, 'a');
	const child = spawn(nodeBin, [n8nBin, command, ...(opts.args || [])], { cwd: userDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	children.add(child);
	// detached (its own group, with its task runner): neither Ctrl-C nor a killed test process reaches it, the reaper does
	const forget = child.pid ? reapOnExit({ group: child.pid }) : () => {};
	let out = '';
	const onData = (d: string) => {
		out += d;
		if (out.length > 2_000_000) out = out.slice(-1_000_000);
		fs.writeSync(logFd, d);
	};
	child.stdout.setEncoding('utf8').on('data', onData);
	child.stderr.setEncoding('utf8').on('data', onData);
	let exited: { code: number | null; signal: string | null } | null = null;
	const exitPromise = new Promise((resolve) =>
		child.on('close', (code, signal) => {
			exited = { code, signal };
			children.delete(child);
			forget();
			try {
				fs.closeSync(logFd);
			} catch {
				/* closed */
			}
			resolve(exited);
		}),
	);

	const stop = async () => {
		if (exited) return;
		try {
			if (child.pid) process.kill(child.pid, 'SIGTERM');
		} catch {
			/* gone */
		}
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
		await exitPromise;
		clearTimeout(timer);
		killGroup(child, 'SIGKILL'); // the task-runner child, should it have survived
	};

	const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
		if (exited) return;
		killGroup(child, signal);
		await exitPromise;
	};

	const readyLine = READY_LINE[command] || READY_LINE.start;
	const timeoutMs = opts.timeoutMs ?? 120_000;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const gone = exited as { code: number | null; signal: string | null } | null;
		if (gone) throw new Error(`${TAG} n8n ${command} exited early (${gone.signal || `exit ${gone.code}`}), log ${logFile}:\n${lastLines(out)}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${TAG} n8n ${command} not ready after ${timeoutMs} ms, log ${logFile}:\n${lastLines(out)}`);
		}
		if (readyLine.test(out)) {
			try {
				const res = await fetch(`${url}/healthz/readiness`);
				if (res.status === 200) break;
			} catch {
				/* not listening yet */
			}
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return { url, port: listenPort, pid: child.pid, logFile, logs: () => out, stop, kill };
}

// ------------------------------------------------------------------------------------ owner / REST

export interface Owner {
	email: string;
	password: string;
	firstName?: string;
	lastName?: string;
}

/**
 * Env vars that make `n8n start` create (or overwrite) the owner account at boot, no UI needed:
 * N8N_INSTANCE_OWNER_MANAGED_BY_ENV=true + _EMAIL + _PASSWORD_HASH (bcrypt) + _FIRST_NAME/_LAST_NAME.
 * The hash is made with the bcryptjs that ships inside n8n. Pass the result as startN8n(…, { env }).
 * Only `start` applies them; with them set, owner changes through the UI/REST are refused.
 */
export async function ownerEnv({ email, password, firstName = 'E2E', lastName = 'Owner' }: Owner): Promise<Record<string, string>> {
	const { nodeBin, dir } = await ensureN8n({ quiet: true });
	const script = `const b=require(require.resolve('bcryptjs',{paths:[${JSON.stringify(path.join(dir, 'node_modules', 'n8n'))}]}));process.stdout.write(b.hashSync(process.argv[1],10))`;
	const r = spawnSync(nodeBin, ['-e', script, password], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${TAG} bcrypt failed: ${r.stderr}`);
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: r.stdout,
		N8N_INSTANCE_OWNER_FIRST_NAME: firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: lastName,
	};
}

/**
 * Alternative to ownerEnv on a running, fresh instance: POST /rest/owner/setup (allowed once, no auth).
 * Resolves with the session cookie, usable as the `cookie` header for further /rest calls.
 */
export async function setupOwner(url: string, { email, password, firstName = 'E2E', lastName = 'Owner' }: Owner): Promise<string> {
	const res = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password, firstName, lastName }),
	});
	if (!res.ok) throw new Error(`${TAG} owner setup: HTTP ${res.status} ${await res.text()}`);
	return cookieOf(res);
}

/** POST /rest/login; resolves with the session cookie (`n8n-auth=…`) for the `cookie` header. */
export async function login(url: string, { email, password }: { email: string; password: string }): Promise<string> {
	const res = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!res.ok) throw new Error(`${TAG} login: HTTP ${res.status} ${await res.text()}`);
	return cookieOf(res);
}

function cookieOf(res: Response): string {
	const all = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [res.headers.get('set-cookie') || ''];
	return all
		.map((c) => c.split(';')[0])
		.filter(Boolean)
		.join('; ');
}

// ------------------------------------------------------------------------------ community packages

/**
 * Installs a packed node package (`npm pack` tarball) the way a user's community install ends up:
 * into <userDir>/.n8n/nodes/node_modules, which n8n 2.40.7 scans at start-up for `n8n-nodes-*` and
 * `@scope/n8n-nodes-*` folders. Node types are then `<package name>.<node name>` (not CUSTOM.*).
 * Peer dependencies (n8n-workflow) are not installed: n8n provides them.
 */
export async function installCommunityPackage(userDir: string, tarball: string): Promise<string> {
	const nodesDir = path.join(userDir, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const pj = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pj)) fs.writeFileSync(pj, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	const r = spawnSync(
		'npm',
		['install', path.resolve(tarball), '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=warn'],
		{ cwd: nodesDir, env: cleanEnv(), encoding: 'utf8', timeout: 300_000 },
	);
	if (r.status !== 0) throw new Error(`${TAG} npm install ${tarball} failed:\n${lastLines(r.stdout + r.stderr)}`);
	return nodesDir;
}
