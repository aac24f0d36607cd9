import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * The built `linksfield-cube` command and the simulator's own CLI, each in its own process, as a user runs them
 * (`npx @linksfield-cube/core …` runs packages/core/dist/cli.js through the committed bin).
 */

export const root = path.join(__dirname, '../../..');
const CORE_CLI = path.join(root, 'packages/core/dist/cli.js');
const SIM_CLI = path.join(root, 'packages/simulator/dist/cli.js');

export interface CliRun {
	status: number;
	stdout: string;
	stderr: string;
}

/** Starts simulators and stops them all at once (afterAll). */
export function simulatorProcesses() {
	const children: ChildProcess[] = [];
	return {
		/** `cube-simulator --port 0 …flags` on `node`; resolves with its base URL once it listens. */
		start(flags: string[] = [], node = process.execPath): Promise<string> {
			const child = spawn(node, [SIM_CLI, '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
			children.push(child);
			return new Promise((resolve, reject) => {
				let out = '';
				child.stdout!.on('data', (chunk) => {
					out += chunk;
					const m = /listening on (http:\/\/\S+)/.exec(out);
					if (m) resolve(m[1]);
				});
				child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
			});
		},
		stopAll(): void {
			for (const child of children) child.kill('SIGTERM');
		},
	};
}

/** `linksfield-cube …args` on `node`, with only PATH and `env` in its environment. */
export function runCoreCli(args: string[], env: Record<string, string> = {}, node = process.execPath): Promise<CliRun> {
	const child = spawn(node, [CORE_CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (c) => (stdout += c));
	child.stderr.on('data', (c) => (stderr += c));
	return new Promise((resolve) => child.once('close', (status) => resolve({ status: status ?? -1, stdout, stderr })));
}
