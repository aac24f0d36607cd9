// The simulator in a process of its own (the built CLI), for the demo and the benchmarks: it gets a core of its
// own and Ctrl-C stops it with the rest.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { reapOnExit } from './reaper';

export interface SimulatorProcess {
	/** Base URL, e.g. http://127.0.0.1:8787 */
	url: string;
	/** The admin API under /_sim. */
	admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	stop(): Promise<void>;
}

/** Starts `cube-simulator --port 0 …args` from the simulator's build; `echo` copies its output to stdout. */
export async function startSimulatorProcess(args: string[] = [], { echo = false }: { echo?: boolean } = {}): Promise<SimulatorProcess> {
	// Through the workspace link, so this also works from a bundle placed inside the project (the benchmarks).
	const cli = join(dirname(require.resolve('@linksfield-cube/simulator/package.json')), 'dist', 'cli.js');
	const child = spawn(process.execPath, [cli, '--port', '0', '--language', 'en-US', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	// Ctrl-C reaches it with the rest; a killed parent would leave it serving
	const forget = child.pid ? reapOnExit({ pid: child.pid }) : () => {};
	child.once('exit', forget);
	const url = await new Promise<string>((resolve, reject) => {
		let text = '';
		child.stdout.on('data', (chunk) => {
			text += chunk;
			if (echo) process.stdout.write(chunk);
			const m = /listening on (https?:\/\/\S+)/.exec(text);
			if (m) resolve(m[1]);
		});
		child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before listening: ${text.trim()}`)));
	});
	if (!echo) child.stdout.resume();
	return {
		url,
		async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
			const res = await fetch(`${url}/_sim${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
			if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
			return (res.status === 204 ? undefined : await res.json()) as T;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGINT');
				setTimeout(() => child.kill('SIGKILL'), 3000).unref();
			}),
	};
}
