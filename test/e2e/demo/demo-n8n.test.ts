import path from 'node:path';
import { startDemo, type DemoProcess } from '@linksfield-cube/testkit';

/**
 * `npm run demo:n8n` as a newcomer runs it: a real n8n with the example workflows; the headline workflow runs
 * once by itself after start, renewing each nearly used-up plan exactly once, and is in n8n's executions list;
 * a READY line says so; Ctrl-C stops everything.
 */

const ROOT = path.resolve(__dirname, '../../..');
jest.setTimeout(10 * 60_000);

type Ready = { n8n: string; simulator: string; headlineExecution: string; status: string; renewals: number };
let demo: DemoProcess<Ready>;
let ready: Ready;

beforeAll(async () => {
	// The root build (npm test runs it first) is what the demo packs and runs.
	demo = await startDemo(path.join(ROOT, 'demo', 'n8n.mjs'), { cwd: ROOT, env: { DEMO_N8N_PORT: '0', DEMO_SIMULATOR_PORT: '0' }, readyTimeoutMs: 8 * 60_000 });
	ready = demo.ready;
});

afterAll(() => {
	if (demo && demo.child.exitCode === null) demo.child.kill('SIGKILL');
});

test('the headline workflow ran once by itself: each nearly used-up plan renewed exactly once', async () => {
	expect(ready.status).toBe('success');
	const res = await fetch(`${ready.simulator}/_sim/counters`);
	const counters = (await res.json()) as { renewals: number; renewalsByOrder: Record<string, number>; requestsByPath: Record<string, number> };
	expect(counters.renewals).toBeGreaterThanOrEqual(1);
	expect(ready.renewals).toBe(counters.renewals);
	expect(Object.values(counters.renewalsByOrder).every((n) => n === 1)).toBe(true);
	expect(counters.requestsByPath['/device/syncAssetInfo']).toBe(1);
	expect(demo.output()).toMatch(new RegExp(`execution ${ready.headlineExecution}, success`));
});

test('Ctrl-C stops n8n and the simulator and exits 0', async () => {
	expect(await demo.interrupt()).toBe(0);
	await expect(fetch(`${ready.n8n}/healthz`)).rejects.toThrow();
	await expect(fetch(`${ready.simulator}/_sim/counters`)).rejects.toThrow();
});
