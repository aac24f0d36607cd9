import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * Cleans up after a test however its process ends. afterAll runs only when jest ends normally: Ctrl-C, a killed
 * worker or a timeout kill would leave a detached server running and a temp folder behind. The reaper is a small
 * process of its own (its own process group, so Ctrl-C does not reach it) that holds one end of a pipe to this
 * process; the pipe closes when this process ends — for any reason, SIGKILL included — and the reaper then kills
 * the process groups and removes the folders it was given. `release()` closes the pipe on purpose (afterAll).
 */
export interface Reaper {
	/** Kill this process group (a child spawned with `detached: true`: its pid) when the test process ends. */
	killGroup(pgid: number): void;
	/** Remove this folder (recursively) when the test process ends. */
	remove(path: string): void;
	/** Kill this one process (a child in this process's own group) when the test process ends. */
	kill(pid: number): void;
	/** Leave this group, process or folder alone after all: stopped or removed already (a pid is reused). */
	forget(order: ReapOrder): void;
	/** Cleans up now, in the background, and lets the reaper exit. */
	release(): void;
}

/** What the reaper cleans up: a process group (a child spawned with `detached: true`: its pid), a process, a folder. */
export interface ReapOrder {
	group?: number;
	pid?: number;
	path?: string;
}

// Folders are removed once the killed processes are gone (or after 2 s), so none of them writes into a folder
// being removed.
const REAPER = `
const { rmSync } = require('node:fs');
const sets = { group: new Set(), pid: new Set(), path: new Set() };
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
	pending += chunk;
	for (let nl = pending.indexOf('\\n'); nl >= 0; nl = pending.indexOf('\\n')) {
		const order = JSON.parse(pending.slice(0, nl));
		pending = pending.slice(nl + 1);
		for (const key of ['group', 'pid', 'path']) if (order[key]) sets[key][order.forget ? 'delete' : 'add'](order[key]);
	}
});
const alive = (id) => { try { process.kill(id, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
process.stdin.on('close', () => {
	const targets = [...[...sets.group].map((g) => -g), ...sets.pid];
	for (const t of targets) {
		try { process.kill(t, 'SIGKILL'); } catch {}
	}
	const end = Date.now() + 2000;
	const removeFolders = () => {
		if (targets.some(alive) && Date.now() < end) return setTimeout(removeFolders, 50);
		for (const p of sets.path) rmSync(p, { recursive: true, force: true, maxRetries: 3 });
	};
	removeFolders();
});
`;

export function startReaper(): Reaper {
	const child = spawn(process.execPath, ['-e', REAPER], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
	child.unref();
	const stdin = child.stdin as Socket;
	// The pipe must not keep this process alive on its own.
	stdin.unref();
	// A reaper killed from outside must not take the test process down with an EPIPE.
	stdin.on('error', () => {});
	const send = (order: object) => stdin.write(`${JSON.stringify(order)}\n`);
	return {
		killGroup: (pgid) => send({ group: pgid }),
		remove: (path) => send({ path }),
		kill: (pid) => send({ pid }),
		forget: (order) => send({ ...order, forget: true }),
		release: () => stdin.end(),
	};
}

let shared: { reaper: Reaper; registered: number } | null = null;

/**
 * What the testkit's starters use: registers a server's process group (or process) and its temp folder with this
 * process's reaper, started on first use and shared by every starter, so a test killed or interrupted before its
 * afterAll leaves no server running and no folder behind. Call the returned function once the server is stopped
 * and its folder removed: pids are reused, and a later kill must not hit someone else's process. The reaper exits
 * when nothing is registered any more.
 */
export function reapOnExit(order: ReapOrder): () => void {
	shared ??= { reaper: startReaper(), registered: 0 };
	const { reaper } = shared;
	if (order.group) reaper.killGroup(order.group);
	if (order.pid) reaper.kill(order.pid);
	if (order.path) reaper.remove(order.path);
	shared.registered++;
	let done = false;
	return () => {
		if (done) return;
		done = true;
		reaper.forget(order);
		if (shared?.reaper === reaper && --shared.registered === 0) {
			reaper.release();
			shared = null;
		}
	};
}
