// The simulator in a process of its own (the built CLI), for the demo and the benchmarks: it gets a core
// of its own and Ctrl-C stops it with the rest.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Through the workspace link, so this also works from a bundle placed inside the project (the benchmarks).
const CLI = join(dirname(createRequire(import.meta.url).resolve('@linksfield-cube/simulator/package.json')), 'dist', 'cli.js');

export async function startSimulatorProcess(args = [], { echo = false } = {}) {
	const child = spawn(process.execPath, [CLI, '--port', '0', '--language', 'en-US', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const url = await new Promise((resolve, reject) => {
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
		async admin(method, path, body) {
			const res = await fetch(`${url}/_sim${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
			if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
			return res.status === 204 ? undefined : res.json();
		},
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGINT');
				setTimeout(() => child.kill('SIGKILL'), 3000).unref();
			}),
	};
}
