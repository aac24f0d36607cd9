import path from 'node:path';
import { startDemo, type DemoProcess } from '@linksfield-cube/testkit';

/**
 * `npm run demo` as a newcomer runs it: the script starts the simulator and a real Node-RED with the example
 * flows; the headline flow must renew the nearly used-up plans (each exactly once), a callback must reach the
 * callback-in node, and Ctrl-C must stop everything cleanly.
 */

const ROOT = path.resolve(__dirname, '../../..');
jest.setTimeout(6 * 60_000);

let demo: DemoProcess<{ nodeRed: string; simulator: string }>;
let urls: { nodeRed: string; simulator: string };

const admin = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
	const res = await fetch(`${urls.simulator}/_sim${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	return (await res.json()) as T;
};

beforeAll(async () => {
	// The root build (npm test runs it first) is what the demo packs and runs.
	demo = await startDemo(path.join(ROOT, 'demo', 'node-red.mjs'), { cwd: ROOT, env: { DEMO_NODE_RED_PORT: '0', DEMO_SIMULATOR_PORT: '0' }, readyTimeoutMs: 4 * 60_000 });
	urls = demo.ready;
});

afterAll(() => {
	if (demo && demo.child.exitCode === null) demo.child.kill('SIGKILL');
});

test('the headline flow renews each nearly used-up plan exactly once', async () => {
	const counters = await demo.until('renewals', async () => {
		const c = await admin<{ renewals: number; renewalsByOrder: Record<string, number>; requestsByPath: Record<string, number> }>('GET', '/counters');
		return c.renewals >= 4 ? c : undefined;
	}, 60_000);
	expect(Object.values(counters.renewalsByOrder).every((n) => n === 1)).toBe(true);
	expect(counters.requestsByPath['/device/syncAssetInfo']).toBe(1);
});

test('a callback from the simulator reaches the callback-in node', async () => {
	const delivery = await admin<{ status: number; url: string }>('POST', '/callbacks', { kind: 'usageWarning' });
	expect(delivery.url).toBe(`${urls.nodeRed}/linksfield-cube/callback`);
	expect(delivery.status).toBe(200);
	const forged = await admin<{ status: number }>('POST', '/callbacks', { kind: 'usageWarning', forge: true });
	expect(forged.status).toBe(401);
});

test('Ctrl-C stops Node-RED and the simulator and exits 0', async () => {
	expect(await demo.interrupt()).toBe(0);
	await expect(fetch(`${urls.nodeRed}/settings`)).rejects.toThrow();
	await expect(fetch(`${urls.simulator}/_sim/counters`)).rejects.toThrow();
});
