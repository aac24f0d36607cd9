import path from 'node:path';
import { startDemo, type DemoProcess } from '@linksfield-cube/testkit';

/**
 * `npm run demo:n8n` as a newcomer runs it: a real n8n with the example workflows of both APIs; the legacy
 * headline workflow runs once by itself after start, renewing each nearly used-up plan exactly once, and the
 * current one (through the key-pair credential) adds a bundle to SIMs at 90 % or more, each SIM at most once;
 * both are in n8n's executions list; a READY line counts both; Ctrl-C stops everything.
 */

const ROOT = path.resolve(__dirname, '../../..');
jest.setTimeout(10 * 60_000);

type Ready = { n8n: string; simulator: string; headlineExecution: string; status: string; renewals: number; currentExecution: string; currentStatus: string; bundlesAdded: number };
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

test('the current-API workflow ran once through the key-pair credential: bundles added, each SIM at most once', async () => {
	expect(ready.currentStatus).toBe('success');
	const res = await fetch(`${ready.simulator}/_sim/current/counters`);
	const counters = (await res.json()) as { bundlesAdded: number; bundlesAddedBySim: Record<string, number>; rejectedAuthorization: number; rejectedSignatures: number };
	expect(ready.bundlesAdded).toBeGreaterThan(0);
	expect(counters.bundlesAdded).toBe(ready.bundlesAdded);
	expect(Object.values(counters.bundlesAddedBySim).every((n) => n === 1)).toBe(true);
	expect(counters.rejectedAuthorization + counters.rejectedSignatures).toBe(0);
	expect(demo.output()).toMatch(new RegExp(`execution ${ready.currentExecution}, success`));
});

test('a signed notification from the simulator reaches the active current-API workflow', async () => {
	const post = async (body: object) => (await (await fetch(`${ready.simulator}/_sim/current/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { status: number; url: string };
	const delivery = await post({ kind: 'usage', simId: '89852022018041800150' });
	expect(delivery.url).toMatch(new RegExp(`^${ready.n8n}/webhook/.+/linksfield-cube$`));
	expect(delivery.status).toBe(200);
	expect((await post({ kind: 'usage', simId: '89852022018041800150', forge: true })).status).toBe(401);
});

test('Ctrl-C stops n8n and the simulator and exits 0', async () => {
	expect(await demo.interrupt()).toBe(0);
	await expect(fetch(`${ready.n8n}/healthz`)).rejects.toThrow();
	await expect(fetch(`${ready.simulator}/_sim/counters`)).rejects.toThrow();
});
