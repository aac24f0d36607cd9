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
	/** Cleans up now, in the background, and lets the reaper exit. */
	release(): void;
}

const REAPER = `
const { rmSync } = require('node:fs');
const groups = new Set();
const paths = new Set();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
	pending += chunk;
	for (let nl = pending.indexOf('\\n'); nl >= 0; nl = pending.indexOf('\\n')) {
		const order = JSON.parse(pending.slice(0, nl));
		pending = pending.slice(nl + 1);
		if (order.group) groups.add(order.group);
		if (order.path) paths.add(order.path);
	}
});
process.stdin.on('close', () => {
	for (const g of groups) {
		try { process.kill(-g, 'SIGKILL'); } catch {}
	}
	for (const p of paths) rmSync(p, { recursive: true, force: true, maxRetries: 3 });
});
`;

export function startReaper(): Reaper {
	const child = spawn(process.execPath, ['-e', REAPER], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
	child.unref();
	const stdin = child.stdin as Socket;
	// The pipe must not keep this process alive on its own.
	stdin.unref();
	const send = (order: object) => stdin.write(`${JSON.stringify(order)}\n`);
	return {
		killGroup: (pgid) => send({ group: pgid }),
		remove: (path) => send({ path }),
		release: () => stdin.end(),
	};
}
