// Starts a real Node-RED (4.x on this machine's Node, 5.x on Node 24) in a throw-away user directory, with packed
// node tarballs installed the way a user would install them, and talks to its admin API.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { freePort, portFree } from './free-port';
import { NODE_RED_VERSIONS, ensureNodeRed, type NodeRedMajor } from './node-red-install';
import { reapOnExit } from './reaper';
import { cacheRoot, pidAlive } from './runtime-cache';
import { until } from './until';

/** Fixed so that flows deployed with inline credentials behave exactly as in a user's install. */
export const CREDENTIAL_SECRET = 'linksfield-cube-e2e';

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Settings for a headless, offline test runtime. `overrides` are merged on top (one level deep for
 * plain objects), so a test can change e.g. `logging.console.level` without restating the rest.
 */
export function buildSettings({ port, userDir, overrides = {} }: { port: number; userDir: string; overrides?: Record<string, unknown> }): Record<string, unknown> {
	const base: Record<string, unknown> = {
		uiHost: '127.0.0.1',
		uiPort: port,
		userDir,
		flowFile: 'flows.json',
		credentialSecret: CREDENTIAL_SECRET,
		httpAdminRoot: '/',
		httpNodeRoot: '/',
		// no adminAuth: the admin API is open, which is what the harness drives
		logging: { console: { level: 'info', metrics: false, audit: false } },
		contextStorage: { default: { module: 'memory' } },
		functionExternalModules: false,
		// No outbound network: no telemetry/update pings, no palette catalogue, no module installs at runtime.
		telemetry: { enabled: false, updateNotification: false },
		externalModules: {
			autoInstall: false,
			palette: { allowInstall: false, allowUpdate: false, allowUpload: false },
			modules: { allowInstall: false },
		},
		editorTheme: { tours: false, palette: { catalogues: [] }, projects: { enabled: false } },
		diagnostics: { enabled: true, ui: false },
		runtimeState: { enabled: false, ui: false },
	};
	const merged = { ...base };
	for (const [k, v] of Object.entries(overrides)) {
		const b = base[k];
		merged[k] = isPlainObject(v) && isPlainObject(b) ? { ...b, ...v } : v;
	}
	return merged;
}

export interface StartOptions {
	major: NodeRedMajor;
	/** a free port is picked when omitted */
	port?: number;
	/** defaults to a fresh temp dir, removed again by stop() */
	userDir?: string;
	/** `npm pack` tarballs, installed with `npm install --omit=dev` into the userDir */
	packages?: string[];
	/** merged over buildSettings() (plain objects one level deep); JSON-serialisable values only */
	settings?: Record<string, unknown>;
	/** extra environment of the Node-RED process (e.g. HTTP_PROXY) */
	env?: Record<string, string>;
	/** how long to wait for GET /settings (default 60000) */
	startTimeoutMs?: number;
	/** keep a temp userDir after stop() (also LINKSFIELD_KEEP_USERDIR=1) */
	keepUserDir?: boolean;
	/** called with every output line as it arrives */
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

const TEMP_PREFIX = 'linksfield-nr';
const OWNER_FILE = '.harness-owner.json';

export async function startNodeRed({ major, port, userDir, packages = [], settings = {}, env = {}, startTimeoutMs = 60_000, keepUserDir, onLog }: StartOptions): Promise<NodeRedRuntime> {
	const red = await ensureNodeRed(major);
	const ownsUserDir = !userDir;
	if (!userDir) await sweepOrphanUserDirs();
	const dir = userDir ? resolve(userDir) : await mkdtemp(join(tmpdir(), TEMP_PREFIX + major + '-'));
	await mkdir(dir, { recursive: true });
	if (ownsUserDir) await writeFile(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid }));
	const keep = keepUserDir ?? process.env.LINKSFIELD_KEEP_USERDIR === '1';
	// a temp folder of ours goes even if this process dies before stop()
	const forgetDir = ownsUserDir && !keep ? reapOnExit({ path: dir }) : () => {};
	const removeDir = async () => {
		if (!ownsUserDir || keep) return;
		await rm(dir, { recursive: true, force: true });
		forgetDir();
	};
	const lines: string[] = [];
	const record = (line: string) => {
		lines.push(line);
		if (onLog) onLog(line);
	};

	try {
		if (packages.length) await installPackages({ dir, packages, env: red.npmEnv, record });
		// GET /settings cannot tell one Node-RED from another: if something already listens on the port, the
		// readiness probe would succeed against it. So refuse a busy port up front.
		const listenPort = port ?? (await freePort());
		if (port !== undefined && !(await portFree(port))) throw new Error(`startNodeRed: port ${port} on 127.0.0.1 is already in use`);
		const settingsFile = join(dir, 'settings.js');
		const effective = buildSettings({ port: listenPort, userDir: dir, overrides: settings });
		await writeFile(settingsFile, settingsSource(effective));

		const child = spawn(red.nodeBin, [red.redJs, '-u', dir, '-s', settingsFile, '-p', String(listenPort)], {
			cwd: dir,
			env: { ...red.npmEnv, ...env, NODE_RED_DISABLE_TELEMETRY: '1', LINKSFIELD_HARNESS_PARENT_PID: String(process.pid) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const exited = once(child, 'exit').then(([code, signal]) => {
			record(`[harness] node-red exited (${signal || `code ${code}`})`);
			return { code, signal };
		});
		pipeLines(child.stdout, record);
		pipeLines(child.stderr, (l) => record(`[stderr] ${l}`));
		// Never leave a Node-RED behind when the test process goes away: 'exit' on a normal end, the reaper on a
		// kill (the watchdog in settings.js would take up to a second, and the folder would stay).
		const killOnExit = () => child.kill('SIGKILL');
		process.on('exit', killOnExit);
		const forgetChild = child.pid ? reapOnExit({ pid: child.pid }) : () => {};
		void exited.then(forgetChild);

		const url = `http://127.0.0.1:${listenPort}`;
		redDirByUrl.set(url, red.dir);
		let stopped: Promise<void> | undefined;
		const stop = ({ timeoutMs = 5000 } = {}) => {
			stopped ??= (async () => {
				if (child.exitCode === null && child.signalCode === null) {
					child.kill('SIGINT');
					const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
					await exited;
					clearTimeout(timer);
				}
				process.off('exit', killOnExit);
				await removeDir();
			})();
			return stopped;
		};

		const t0 = Date.now();
		try {
			await Promise.race([
				until(`GET ${url}/settings`, () => fetch(`${url}/settings`, { headers: { Accept: 'application/json' } }).then((r) => r.ok), startTimeoutMs),
				exited.then(({ code, signal }) => {
					throw new Error(`node-red exited before answering (${signal || `code ${code}`})`);
				}),
			]);
		} catch (err) {
			await stop();
			throw new Error(`Node-RED ${red.version} did not start on ${url}: ${(err as Error).message}\n--- output ---\n${lines.slice(-60).join('\n')}`);
		}

		return { url, port: listenPort, userDir: dir, version: red.version, nodeBin: red.nodeBin, startMs: Date.now() - t0, pid: child.pid, stop, logs: () => lines.join('\n') };
	} catch (err) {
		await removeDir();
		throw err;
	}
}

// Temp userDirs of test processes that died before stop() could remove them.
async function sweepOrphanUserDirs(): Promise<void> {
	const names = await readdir(tmpdir()).catch(() => [] as string[]);
	for (const name of names.filter((n) => n.startsWith(TEMP_PREFIX))) {
		const dir = join(tmpdir(), name);
		const owner = await readFile(join(dir, OWNER_FILE), 'utf8').then(JSON.parse, () => null);
		if (owner && !pidAlive(owner.pid)) await rm(dir, { recursive: true, force: true }).catch(() => {});
	}
}

// The settings file is plain JS that red.js requires. Besides the settings it carries a watchdog: if the
// process that started Node-RED dies without calling stop() (jest worker killed, SIGKILL), Node-RED is
// re-parented and stops itself instead of lingering on the port.
function settingsSource(settings: Record<string, unknown>): string {
	return `// written by @linksfield-cube/testkit
const parentPid = Number(process.env.LINKSFIELD_HARNESS_PARENT_PID || 0);
if (parentPid) {
  setInterval(() => {
    // (nothing is logged: the pipes to the dead parent are gone)
    if (process.ppid !== parentPid) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}
module.exports = ${JSON.stringify(settings, null, 2)};
`;
}

// `npm install <tarball>` in the userDir, as a user would: runtime deps come from the registry.
async function installPackages({ dir, packages, env, record }: { dir: string; packages: string[]; env: Record<string, string>; record: (line: string) => void }): Promise<void> {
	const pkgJson = join(dir, 'package.json');
	await writeFile(pkgJson, JSON.stringify({ name: 'node-red-project', description: 'e2e userDir', version: '0.0.1', private: true }, null, 2) + '\n', { flag: 'wx' }).catch((err) => {
		if (err.code !== 'EEXIST') throw err;
	});
	const args = ['install', '--no-audit', '--no-fund', '--omit=dev', '--prefix', dir, ...packages.map((p) => resolve(p))];
	record(`[harness] npm ${args.join(' ')}`);
	const out: string[] = [];
	const child: ChildProcess = spawn('npm', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
	// a killed test would leave it installing into a folder the reaper removes
	const forget = child.pid ? reapOnExit({ pid: child.pid }) : () => {};
	child.once('exit', forget);
	const both = (l: string) => {
		out.push(l);
		record(`[npm] ${l}`);
	};
	pipeLines(child.stdout!, both);
	pipeLines(child.stderr!, both);
	const [code, signal] = await Promise.race([
		once(child, 'exit'),
		once(child, 'error').then(([err]) => {
			throw new Error(`could not run npm: ${err.message}`);
		}),
	]);
	if (code !== 0) throw new Error(`npm install of ${packages.join(', ')} failed (${signal || `exit ${code}`}):\n${out.slice(-40).join('\n')}`);
}

function pipeLines(stream: Readable, onLine: (line: string) => void): void {
	let buf = '';
	stream.setEncoding('utf8');
	stream.on('data', (chunk: string) => {
		buf += chunk;
		const parts = buf.split('\n');
		buf = parts.pop() ?? '';
		for (const p of parts) onLine(p.replace(/\r$/, ''));
	});
	stream.on('end', () => {
		if (buf) onLine(buf);
	});
}

async function adminCall<T>(url: string, method: string, path: string, { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
	const res = await fetch(`${url}${path}`, {
		method,
		headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
		body: body !== undefined ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} ${path} → HTTP ${res.status}: ${text.slice(0, 500)}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

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

/**
 * GET /nodes: one entry per node set. A set that failed to load is still listed, with `err` set (and `types`
 * possibly empty).
 */
export function getNodes(url: string): Promise<NodeSet[]> {
	return adminCall<NodeSet[]>(url, 'GET', '/nodes');
}

/** The node sets of one installed module; throws when the module is missing or any set carries `err`. */
export async function requireModuleLoaded(url: string, moduleName: string): Promise<NodeSet[]> {
	const sets = (await getNodes(url)).filter((s) => s.module === moduleName);
	if (!sets.length) throw new Error(`module ${moduleName} is not known to Node-RED at ${url}`);
	const broken = sets.filter((s) => s.err);
	if (broken.length) {
		// `err` is a string for registry refusals but a JSON-flattened Error (code only, no message) for a
		// failed require; the readable message is in the runtime log as `[warn] [<module>/<set>] Error: ...`.
		const why = broken.map((s) => `${s.name}: ${typeof s.err === 'string' ? s.err : JSON.stringify(s.err)}`).join('; ');
		throw new Error(`module ${moduleName} failed to load: ${why} (see the runtime log for the message)`);
	}
	return sets;
}

export type FlowNode = { id: string; type: string; [key: string]: unknown };

/**
 * Replaces all flows (full deployment) and resolves with the new revision once the runtime has *started* them:
 * POST /flows itself answers before the nodes are constructed, so this waits for the
 * `notification/runtime-deploy` comms event carrying the new revision. Rejects if the runtime refuses to start
 * the flows (e.g. a node type in them is not registered because its module failed to load).
 * Config nodes may carry inline `credentials: {...}`; the runtime stores them encrypted and strips them
 * from GET /flows.
 */
export async function deployFlows(url: string, flows: FlowNode[], { timeoutMs = 15_000 }: { timeoutMs?: number } = {}): Promise<string> {
	const comms = await openComms(url);
	try {
		const from = comms.messages.length;
		const { rev } = await adminCall<{ rev: string }>(url, 'POST', '/flows', {
			body: { flows },
			headers: { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v2' },
		});
		const outcome = await comms
			.waitFor(
				(m, i) =>
					i >= from &&
					((m.topic === 'notification/runtime-deploy' && m.data && m.data.revision === rev) || (m.topic === 'notification/runtime-state' && m.data && m.data.error)),
				timeoutMs,
			)
			.catch((err) => {
				throw new Error(`deployFlows: flows revision ${rev} did not start: ${err.message}`);
			});
		if (outcome.topic === 'notification/runtime-state') {
			const d = outcome.data;
			throw new Error(
				`deployFlows: runtime did not start the flows: ${d.error}${d.types ? ` (types: ${d.types.join(', ')})` : ''}${d.modules ? ` (modules: ${JSON.stringify(d.modules)})` : ''}`,
			);
		}
		return rev;
	} finally {
		comms.close();
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- comms payloads are whatever the runtime publishes
export interface CommsMessage { topic: string; data: any }

export interface Comms {
	messages: CommsMessage[];
	/** Resolves with the first message (seen so far or later) for which `pred(message, index)` is true. */
	waitFor(pred: (m: CommsMessage, index: number) => boolean, timeoutMs?: number): Promise<CommsMessage>;
	close(): void;
}

interface SocketLike {
	on?: (event: string, fn: (...args: never[]) => void) => void;
	addEventListener(event: string, fn: (e: { data?: unknown; error?: Error }) => void): void;
	send(data: string): void;
	close(): void;
}

/**
 * A client of the editor's websocket (`/comms`): every message the runtime publishes to editors arrives in
 * `messages` as `{ topic, data }` — node status (`status/<nodeId>`), debug node output (`debug`),
 * runtime notifications (`notification/<event>`).
 * Resolves once the connection is registered with the runtime (retained messages have arrived).
 */
export async function openComms(url: string, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<Comms> {
	const WS = webSocketClass(url);
	const messages: CommsMessage[] = [];
	const waiters = new Set<() => void>();
	const ws: SocketLike = new WS(url.replace(/^http/, 'ws') + '/comms');
	const onMessage = (raw: unknown) => {
		let batch: CommsMessage | CommsMessage[];
		try {
			batch = JSON.parse(String(raw));
		} catch {
			return;
		}
		for (const m of Array.isArray(batch) ? batch : [batch]) {
			messages.push(m);
			for (const w of waiters) w();
		}
	};
	let closed = false;
	const opened = new Promise((res, rej) => {
		if (ws.on) {
			// the `ws` package
			ws.on('open', res);
			ws.on('error', rej);
			ws.on('message', onMessage);
			ws.on('close', () => {
				closed = true;
			});
		} else {
			// WHATWG WebSocket (Node >= 22)
			ws.addEventListener('open', () => res(undefined));
			ws.addEventListener('error', (e) => rej(e.error || new Error('websocket error')));
			ws.addEventListener('message', (e) => onMessage(e.data));
			ws.addEventListener('close', () => {
				closed = true;
			});
		}
	});
	const waitForMessage = (pred: (m: CommsMessage, index: number) => boolean, ms = 10_000) =>
		new Promise<CommsMessage>((res, rej) => {
			let seen = 0;
			const check = () => {
				for (; seen < messages.length; seen++) {
					if (pred(messages[seen], seen)) {
						done();
						return res(messages[seen]);
					}
				}
				if (closed) {
					done();
					rej(new Error('comms connection closed'));
				}
			};
			const timer = setTimeout(() => {
				done();
				rej(new Error(`no matching comms message within ${ms} ms`));
			}, ms);
			const done = () => {
				clearTimeout(timer);
				waiters.delete(check);
			};
			waiters.add(check);
			check();
		});
	await withTimeout(opened, timeoutMs, 'comms connect');
	// The runtime only registers the connection when the first message arrives. Subscribing replays the
	// retained notifications (there is always at least the runtime state), which proves registration.
	ws.send(JSON.stringify({ subscribe: 'notification/#' }));
	ws.send(JSON.stringify({ subscribe: 'status/#' }));
	await waitForMessage(() => true, timeoutMs).catch(() => {});
	return {
		messages,
		waitFor: waitForMessage,
		close: () => {
			try {
				ws.close();
			} catch {
				/* already closed */
			}
		},
	};
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
	let t: NodeJS.Timeout | undefined;
	return Promise.race([
		p,
		new Promise<never>((_, rej) => {
			t = setTimeout(() => rej(new Error(`${what} timed out after ${ms} ms`)), ms);
		}),
	]).finally(() => clearTimeout(t));
}

// Node 22+ has a global WebSocket; on Node 20 borrow the `ws` package that every Node-RED install ships.
const redDirByUrl = new Map<string, string>();
function webSocketClass(url: string): new (address: string) => SocketLike {
	const global = (globalThis as { WebSocket?: new (address: string) => SocketLike }).WebSocket;
	if (typeof global === 'function') return global;
	const dirs = [redDirByUrl.get(url), ...Object.values(NODE_RED_VERSIONS.nodeRed).map((v) => join(cacheRoot(), `node-red-${v}`))].filter((d): d is string => !!d);
	for (const dir of dirs) {
		const pkg = join(dir, 'node_modules', 'ws', 'package.json');
		if (existsSync(pkg)) return createRequire(pkg)('ws');
	}
	throw new Error('no WebSocket client: need Node >= 22 or an installed Node-RED (ensureNodeRed) to borrow `ws` from');
}

/** Fires an inject node, as its button in the editor does. */
export async function inject(url: string, nodeId: string): Promise<void> {
	const res = await fetch(`${url}/inject/${encodeURIComponent(nodeId)}`, { method: 'POST' });
	if (!res.ok) throw new Error(`POST /inject/${nodeId} → HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
}
