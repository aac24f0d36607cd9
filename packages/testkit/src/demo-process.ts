// A demo script (demo/*.mjs) run as a newcomer runs it, for the tests that check it: its output collected, the
// JSON of its `DEMO READY {…}` line, and waits that end as soon as the demo exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { until } from './until';

export interface DemoProcess<Ready> {
	child: ChildProcess;
	/** the JSON the demo printed after `DEMO READY ` */
	ready: Ready;
	/** everything the demo wrote so far (stdout and stderr) */
	output(): string;
	/** the testkit's until, every half second, failing at once when the demo has exited; errors carry its output */
	until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T>;
	/** Ctrl-C, as a user stops it; resolves with the exit code */
	interrupt(): Promise<number | null>;
}

/** Runs `node <script>` in `cwd` with `env` over this environment (NODE_OPTIONS dropped) until it prints DEMO READY. */
export async function startDemo<Ready>(script: string, { cwd, env, readyTimeoutMs }: { cwd: string; env: Record<string, string>; readyTimeoutMs: number }): Promise<DemoProcess<Ready>> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
	delete childEnv.NODE_OPTIONS;
	const child = spawn(process.execPath, [script], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (c) => (output += c));
	child.stderr.on('data', (c) => (output += c));
	const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const exited = exitCode.then((code) => Promise.reject(new Error(`the demo exited with ${code}`)));
	exited.catch(() => undefined);
	const untilDemo = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> =>
		Promise.race([until(what, check, timeoutMs, 500), exited]).then(
			(value) => value as T,
			(e: Error) => {
				throw new Error(`${e.message}; demo output:\n${output.slice(-4000)}`);
			},
		);
	const ready = await untilDemo<Ready>('the demo to be ready', async () => {
		const m = /DEMO READY (\{.*\})/.exec(output);
		return m ? (JSON.parse(m[1]) as Ready) : undefined;
	}, readyTimeoutMs).catch((e) => {
		child.kill('SIGKILL');
		throw e;
	});
	return {
		child,
		ready,
		output: () => output,
		until: untilDemo,
		interrupt: () => {
			child.kill('SIGINT');
			return exitCode;
		},
	};
}
