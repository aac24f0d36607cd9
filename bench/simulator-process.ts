import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * The simulator in its own process (the real CLI from the build), so that it has a core of its own and the
 * client's figures are not mixed with the server's work.
 */
export interface SimulatorProcess {
	url: string;
	admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	stop(): Promise<void>;
}

/** The built CLI; `npm run bench` builds first and runs from the project root. */
const simulatorCli = () => join(process.cwd(), 'packages', 'simulator', 'dist', 'cli.js');

export async function startSimulatorProcess(args: string[]): Promise<SimulatorProcess> {
	const child: ChildProcess = spawn(process.execPath, [simulatorCli(), '--port', '0', '--language', 'en-US', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const url = await new Promise<string>((resolve, reject) => {
		let text = '';
		child.stdout!.on('data', (chunk) => {
			text += chunk;
			const m = /listening on (http:\/\/[^\s]+)/.exec(text);
			if (m) resolve(m[1]);
		});
		child.once('exit', (code) => reject(new Error(`simulator exited with ${code} before listening`)));
	});
	child.stdout!.resume();
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
