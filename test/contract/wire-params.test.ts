import { ENDPOINT_OPERATIONS, type CubeClient } from '@linksfield-cube/core';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { clientFor, postRaw, signed, SIM_IN_USE, SIM_IN_USE_ORDER, SIM_NO_PLAN, startSim, validParams, PLAN_1GB } from './simulator-fixture';

/** The simulator checks what arrives on the wire, like the real server: missing and ill-typed params are refused. */

let sim: RunningSimulator;
let client: CubeClient;
beforeAll(async () => {
	sim = await startSim({ language: 'en-US' });
	client = clientFor(sim);
});
afterAll(async () => {
	client.close();
	await sim.close();
});
beforeEach(() => sim.admin.reset());

const post = (path: string, params: Record<string, unknown>) => postRaw(sim.url + path, signed(params));
const pathOf = (id: string) => ENDPOINT_OPERATIONS.find((op) => op.id === id)!.path!;

describe('wire checks driven by the catalog', () => {
	it('accepts the valid wire params of every endpoint (the baseline the refusals below differ from)', async () => {
		for (const op of ENDPOINT_OPERATIONS) {
			sim.admin.reset();
			const res = await post(op.path!, validParams(sim)[op.id]);
			expect({ op: op.id, code: res.json.code }).toEqual({ op: op.id, code: '0000' });
		}
	});

	it('refuses a missing required param of every endpoint with 1004 naming it, and changes nothing', async () => {
		const valid = validParams(sim);
		let checked = 0;
		for (const op of ENDPOINT_OPERATIONS) {
			for (const spec of op.params.filter((p) => p.required)) {
				const { [spec.name]: _left, ...rest } = valid[op.id];
				for (const body of [rest, { ...rest, [spec.name]: '' }]) {
					const res = await post(op.path!, body);
					expect({ op: op.id, param: spec.name, status: res.status, code: res.json.code, success: res.json.success }).toEqual({ op: op.id, param: spec.name, status: 200, code: '1004', success: false });
					expect(res.json.message).toContain(`${spec.name} is required`);
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThan(40);
		expect(sim.admin.counters()).toMatchObject({ ordersCreated: 0, renewals: 0 });
	});

	const illTyped: Array<[string, string, unknown]> = [
		['plan.renew', 'renew_period', '1'],
		['plan.renew', 'renew_period', 1.5],
		['plan.renew', 'renew_period', 0],
		['usage.get', 'device_id', 89852022018041800192],
		['usage.get', 'device_id', '8985202201'],
		['plan.getOrders', 'page_no', '1'],
		['plan.getOrders', 'page_size', 0],
		['plan.getOrders', 'page_size', 101],
		['plan.order', 'package_type', 2],
		['plan.order', 'package_type', '9'],
		['plan.order', 'order_period', 1],
		['plan.order', 'order_period', '0'],
		['plan.order', 'pay_amount', '12.345'],
		['plan.order', 'is_open', 'yes'],
		['plan.bulkOrder', 'deviceList', SIM_NO_PLAN],
		['plan.bulkOrder', 'deviceList', [SIM_NO_PLAN, SIM_NO_PLAN]],
		['plan.bulkOrder', 'deviceList', [89852022018041800198]],
		['plan.bulkOrder', 'deviceList', []],
		['plan.orderOta', 'days', '364'],
		['sms.send', 'content', 42],
	];
	it.each(illTyped)('%s refuses %s = %p', async (id, name, value) => {
		const res = await post(pathOf(id), { ...validParams(sim)[id], [name]: value });
		expect(res.json).toMatchObject({ code: '1004', success: false, data: null });
		expect(res.json.message).toMatch(new RegExp(`^Missing or invalid parameter: ${name}`));
	});

	it('lets params the catalog does not know pass (extra fields a user may add)', async () => {
		const res = await post(pathOf('usage.get'), { device_id: SIM_IN_USE, vendor_extra: 'x' });
		expect(res.json.code).toBe('0000');
	});

	it('through the client, friendly input is converted before sending, so the same values pass', async () => {
		await expect(client.call('plan.renew', { order_id: SIM_IN_USE_ORDER, renew_period: '1' })).resolves.toMatchObject({ order_id: SIM_IN_USE_ORDER });
		await expect(client.call('plan.order', { device_id: SIM_NO_PLAN, ...PLAN_1GB, order_period: 1, package_type: 2 })).resolves.toHaveProperty('order_id');
	});

	it('through client.request (no client validation) the wire check reports a CubeApiError with code 1004', async () => {
		await expect(client.request(pathOf('plan.renew'), { order_id: SIM_IN_USE_ORDER, renew_period: '1' })).rejects.toMatchObject({
			name: 'CubeApiError',
			kind: 'business',
			code: '1004',
			vendorMessage: expect.stringContaining('renew_period must be an integer'),
			outcome: 'failed',
		});
		expect(sim.admin.counters().renewals).toBe(0);
	});
});
