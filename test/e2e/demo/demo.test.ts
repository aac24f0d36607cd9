import path from 'node:path';
import { startDemo, type DemoProcess } from '@linksfield-cube/testkit';

/**
 * `npm run demo` as a newcomer runs it: the script starts the simulator and a real Node-RED with the example
 * flows of both APIs; the legacy headline flow must renew the nearly used-up plans (each exactly once), the
 * current one add a bundle to SIMs at 90 % or more (each SIM at most once), the READY line must count both, a
 * callback must reach the callback-in node and a signed notification the current webhook, and Ctrl-C must stop
 * everything cleanly.
 */

const ROOT = path.resolve(__dirname, '../../..');
jest.setTimeout(6 * 60_000);

type Ready = { nodeRed: string; simulator: string; renewals: number; bundlesAdded: number };
let demo: DemoProcess<Ready>;
let urls: Ready;

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

test('a current-API tab: its headline flow added bundles, each SIM at most once, and the READY line counts both flows', async () => {
	const flows = (await (await fetch(`${urls.nodeRed}/flows`)).json()) as Array<Record<string, string>>;
	const current = flows.filter((n) => n.type === 'linksfield-cube-config' && n.api === 'current');
	expect(current).toHaveLength(1);
	expect(current[0].baseUrl).toBe(`${urls.simulator}/cube/v4`);
	expect(flows.filter((n) => n.type === 'linksfield-cube-config' && n.api !== 'current')).toHaveLength(1);
	expect(flows.some((n) => n.operation === 'current.bundle.add' && n.cube === current[0].id)).toBe(true);
	expect(flows.filter((n) => n.type === 'tab').map((t) => t.label)[1]).toMatch(/^Current API/);
	const counters = await admin<{ bundlesAdded: number; bundlesAddedBySim: Record<string, number>; jobsPending: number; rejectedAuthorization: number; rejectedSignatures: number }>('GET', '/current/counters');
	expect(urls.bundlesAdded).toBeGreaterThan(0);
	expect(counters.bundlesAdded).toBe(urls.bundlesAdded);
	expect(Object.values(counters.bundlesAddedBySim).every((n) => n === 1)).toBe(true);
	expect(counters.jobsPending).toBe(0);
	expect(counters.rejectedAuthorization + counters.rejectedSignatures).toBe(0);
	const legacy = await admin<{ renewals: number }>('GET', '/counters');
	expect(urls.renewals).toBeGreaterThan(0);
	expect(urls.renewals).toBe(legacy.renewals);
});

test('a signed notification from the simulator reaches the current webhook; a forged one is refused', async () => {
	const delivery = await admin<{ status: number; url: string }>('POST', '/current/notifications', { kind: 'usage', simId: '89852022018041800150' });
	expect(delivery.url).toBe(`${urls.nodeRed}/linksfield-cube/notifications`);
	expect(delivery.status).toBe(200);
	const forged = await admin<{ status: number }>('POST', '/current/notifications', { kind: 'usage', simId: '89852022018041800150', forge: true });
	expect(forged.status).toBe(401);
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
