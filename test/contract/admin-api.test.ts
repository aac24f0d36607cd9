import http from 'node:http';
import { ADMIN_ROUTES, type RunningSimulator } from '@linksfield-cube/simulator';
import { ACCESS_CODE, postRaw, signed, SIM_IN_USE, SIM_IN_USE_ORDER, startSim } from './simulator-fixture';

/** The admin API over HTTP (for tests in other processes and CLI users) and the request log. */

let sim: RunningSimulator;
beforeAll(async () => {
	sim = await startSim({ historySize: 5 });
});
afterAll(() => sim.close());
beforeEach(() => sim.admin.reset());

function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
	return new Promise((resolve, reject) => {
		const req = http.request(sim.url + '/_sim' + path, { method, headers: { 'Content-Type': 'application/json' } }, (res) => {
			let raw = '';
			res.on('data', (c) => (raw += c));
			res.on('end', () => resolve({ status: res.statusCode!, json: raw ? JSON.parse(raw) : undefined }));
		});
		req.on('error', reject);
		req.end(body === undefined ? undefined : JSON.stringify(body));
	});
}
const usage = () => postRaw(sim.url + '/flow/queryDeviceFlowUsage', signed({ device_id: SIM_IN_USE }));

describe('admin API over HTTP', () => {
	it('GET /_sim lists every route', async () => {
		const res = await admin('GET', '');
		expect(res.json.routes).toEqual(ADMIN_ROUTES);
		expect(ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /_sim/reset', 'POST /_sim/clock/advance', 'POST /_sim/faults', 'GET /_sim/counters', 'GET /_sim/orders/:id']));
	});

	it('faults, clock, usage and counters work over HTTP', async () => {
		expect((await admin('POST', '/faults', { kind: 'status', status: 502, count: 1 })).json).toMatchObject({ id: expect.any(Number), kind: 'status' });
		expect((await usage()).status).toBe(502);
		expect((await usage()).status).toBe(200);
		const before = (await admin('GET', '/clock')).json.now;
		expect((await admin('POST', '/clock/advance', { hours: 6 })).json.now - before).toBe(6 * 3600 * 1000);
		expect((await admin('POST', '/usage', { iccid: SIM_IN_USE, usedMb: 500 })).json).toMatchObject({ usedFlow: '500', surplusFlow: '524' });
		expect((await admin('GET', `/orders/${SIM_IN_USE_ORDER}`)).json).toMatchObject({ orderCode: SIM_IN_USE_ORDER, renewCount: 0 });
		expect((await admin('GET', '/counters')).json).toMatchObject({ requests: 2, faultsInjected: 1, requestsByPath: { '/flow/queryDeviceFlowUsage': 2 } });
		expect((await admin('DELETE', '/counters')).status).toBe(204);
		expect((await admin('GET', '/counters')).json.requests).toBe(0);
	});

	it('bad input is a 400 with the reason; unknown routes a 404', async () => {
		expect(await admin('POST', '/faults', { kind: 'nope' })).toMatchObject({ status: 400, json: { error: expect.stringContaining('fault kind') } });
		expect(await admin('POST', '/usage', { iccid: '89852022018041800100', usedMb: 1 })).toMatchObject({ status: 400 });
		expect(await admin('POST', '/reset', { seed: 'fleet:0' })).toMatchObject({ status: 400, json: { error: expect.stringContaining('Unknown seed') } });
		expect((await admin('GET', '/nothing')).status).toBe(404);
	});

	it('reset can switch the seed', async () => {
		expect((await admin('POST', '/reset', { seed: 'empty' })).json.seed).toBe('empty');
		expect((await usage()).json.code).toBe('2001');
		await admin('POST', '/reset', { seed: 'demo' });
		expect((await usage()).json.code).toBe('0000');
	});

	it('the request log keeps the last N requests with their bodies, and can be cleared', async () => {
		for (let i = 0; i < 8; i++) await usage();
		const log = (await admin('GET', '/requests')).json;
		expect(log).toHaveLength(5);
		// The newest five, oldest first.
		expect(log.map((r: any) => r.seq - log[4].seq)).toEqual([-4, -3, -2, -1, 0]);
		expect(log[0]).toMatchObject({ method: 'POST', path: '/flow/queryDeviceFlowUsage', accessCode: ACCESS_CODE, httpStatus: 200, code: '0000', body: { device_id: SIM_IN_USE } });
		expect(sim.admin.counters().requests).toBe(8);
		expect((await admin('DELETE', '/requests')).status).toBe(204);
		expect((await admin('GET', '/requests')).json).toEqual([]);
	});
});
