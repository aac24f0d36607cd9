import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { until } from '@linksfield-cube/testkit';

/**
 * `npm run demo:n8n` as a newcomer runs it: a real n8n with the example workflows; the headline workflow runs
 * once by itself after start, renewing each nearly used-up plan exactly once, and is in n8n's executions list;
 * a READY line says so; Ctrl-C stops everything.
 */

const ROOT = path.resolve(__dirname, '../../..');
jest.setTimeout(10 * 60_000);

let demo: ChildProcess;
let output = '';
let ready: { n8n: string; simulator: string; headlineExecution: string; status: string; renewals: number };

/** testkit's until, every half second, ended early by the demo's exit; with the demo's output when it fails. */
const untilDemo = <T>(what: string, check: () => Promise<T | undefined>, ms: number): Promise<T> =>
	Promise.race([until(what, check, ms, 500), exited]).then(
		(value) => value as T,
		(e: Error) => {
			throw new Error(`${e.message}; demo output:\n${output.slice(-4000)}`);
		},
	);
let exited: Promise<never>;

beforeAll(async () => {
	// The root build (npm test runs it first) is what the demo packs and runs.
	const env: NodeJS.ProcessEnv = { ...process.env, DEMO_N8N_PORT: '0', DEMO_SIMULATOR_PORT: '0' };
	delete env.NODE_OPTIONS;
	demo = spawn(process.execPath, [path.join(ROOT, 'demo', 'n8n.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	exited = new Promise((_, reject) => demo.once('exit', (code) => reject(new Error(`the demo exited with ${code}`))));
	exited.catch(() => undefined);
	demo.stdout!.on('data', (c) => (output += c));
	demo.stderr!.on('data', (c) => (output += c));
	ready = await untilDemo('the demo to be ready', async () => {
		const m = /DEMO READY (\{.*\})/.exec(output);
		return m ? JSON.parse(m[1]) : undefined;
	}, 8 * 60_000);
});

afterAll(() => {
	if (demo && demo.exitCode === null) demo.kill('SIGKILL');
});

test('the headline workflow ran once by itself: each nearly used-up plan renewed exactly once', async () => {
	expect(ready.status).toBe('success');
	const res = await fetch(`${ready.simulator}/_sim/counters`);
	const counters = (await res.json()) as { renewals: number; renewalsByOrder: Record<string, number>; requestsByPath: Record<string, number> };
	expect(counters.renewals).toBeGreaterThanOrEqual(1);
	expect(ready.renewals).toBe(counters.renewals);
	expect(Object.values(counters.renewalsByOrder).every((n) => n === 1)).toBe(true);
	expect(counters.requestsByPath['/device/syncAssetInfo']).toBe(1);
	expect(output).toMatch(new RegExp(`execution ${ready.headlineExecution}, success`));
});

test('Ctrl-C stops n8n and the simulator and exits 0', async () => {
	const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
	demo.kill('SIGINT');
	expect(await exited).toBe(0);
	await expect(fetch(`${ready.n8n}/healthz`)).rejects.toThrow();
	await expect(fetch(`${ready.simulator}/_sim/counters`)).rejects.toThrow();
});
