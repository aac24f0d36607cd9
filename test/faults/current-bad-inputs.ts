import type { BadInput } from './bad-inputs';

/**
 * Bad inputs of the current API's operations, each with the field its error must name: refused before anything is
 * signed or sent. Apart from BAD_INPUTS, which the n8n and Node-RED nodes also run: their nodes do not speak the
 * current API yet.
 */

const ICCID = '89852022018041800192';
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const many = (n: number) => Array.from({ length: n }, (_, i) => String(89852022018041800000n + BigInt(i)));
const ADD = { sim_id: ICCID, bundle_id: 'DP20230101000001', bundle_type: '10', activate: 'false' };
const USAGE = { sim_id: ICCID, category: 'data', period_type: '2' };
const SMS = { sim_ids: [ICCID], 'message.type': '1', 'message.content': 'hello' };

/** Built at the time of the run: the usage windows count back from today. */
export function currentBadInputs(now = Date.now()): BadInput[] {
	return [
		// ICCIDs, wherever they go: path, a list in the body.
		{ operation: 'current.sim.get', params: {}, field: 'sim_id' },
		{ operation: 'current.sim.get', params: { sim_id: '' }, field: 'sim_id' },
		{ operation: 'current.sim.get', params: { sim_id: '8985202201804180' }, field: 'sim_id' },
		{ operation: 'current.sim.get', params: { sim_id: '8985202201804180019X' }, field: 'sim_id' },
		{ operation: 'current.sim.get', params: { sim_id: 89852022018041800192 }, field: 'sim_id' },
		{ operation: 'current.sim.get', params: { sim_id: [ICCID] }, field: 'sim_id' },
		{ operation: 'current.sim.get', params: { sim_id: '../../sims' }, field: 'sim_id' },
		{ operation: 'current.sim.get', params: { sim_id: ICCID, iccid: ICCID }, field: 'iccid' },
		{ operation: 'current.sim.suspend', params: { sim_id: 'abc' }, field: 'sim_id' },
		// Bundle ids, types, cycles, activation.
		{ operation: 'current.bundle.add', params: { ...ADD, bundle_id: '' }, field: 'bundle_id' },
		{ operation: 'current.bundle.add', params: { ...ADD, bundle_id: 'LP 0982' }, field: 'bundle_id' },
		{ operation: 'current.bundle.add', params: { ...ADD, bundle_id: 'LP/../0982' }, field: 'bundle_id' },
		{ operation: 'current.bundle.add', params: { ...ADD, bundle_id: 'x'.repeat(65) }, field: 'bundle_id' },
		{ operation: 'current.bundle.add', params: { ...ADD, bundle_type: '12' }, field: 'bundle_type' },
		{ operation: 'current.bundle.add', params: { ...ADD, bundle_type: 'basic' }, field: 'bundle_type' },
		{ operation: 'current.bundle.add', params: { ...ADD, cycles: 0 }, field: 'cycles' },
		{ operation: 'current.bundle.add', params: { ...ADD, cycles: 1.5 }, field: 'cycles' },
		{ operation: 'current.bundle.add', params: { ...ADD, cycles: 'three' }, field: 'cycles' },
		{ operation: 'current.bundle.add', params: { ...ADD, cycles: 1e9 }, field: 'cycles' },
		{ operation: 'current.bundle.add', params: { ...ADD, activate: 'maybe' }, field: 'activate' },
		{ operation: 'current.bundle.add', params: { ...ADD, activate: undefined }, field: 'activate' },
		// Cancel's three modes, chosen explicitly.
		{ operation: 'current.bundle.cancel', params: { sim_id: ICCID, mode: 'bundle' }, field: 'order_id' },
		{ operation: 'current.bundle.cancel', params: { sim_id: ICCID, mode: 'all', order_id: 'O1' }, field: 'order_id' },
		{ operation: 'current.bundle.cancel', params: { sim_id: ICCID, mode: 'bundle', order_id: 'O1', keep_alive: true }, field: 'keep_alive' },
		{ operation: 'current.bundle.cancel', params: { sim_id: ICCID, mode: 'everything' }, field: 'mode' },
		{ operation: 'current.bundle.getMany', params: { sim_id: ICCID, status: ['1', '7'] }, field: 'status[1]' },
		// Usage windows: shape, order, the 2023-01-01 floor, 60 days / 6 months back.
		{ operation: 'current.usage.get', params: { ...USAGE, begin_from: '2024-1', end_by: month(now) }, field: 'begin_from' },
		{ operation: 'current.usage.get', params: { ...USAGE, begin_from: month(now), end_by: day(now) }, field: 'end_by' },
		{ operation: 'current.usage.get', params: { ...USAGE, period_type: '1', begin_from: month(now), end_by: month(now) }, field: 'begin_from' },
		{ operation: 'current.usage.get', params: { ...USAGE, period_type: '1', begin_from: day(now), end_by: day(now - DAY_MS) }, field: 'begin_from' },
		{ operation: 'current.usage.get', params: { ...USAGE, period_type: '1', begin_from: day(now - 61 * DAY_MS), end_by: day(now) }, field: 'begin_from' },
		{ operation: 'current.usage.get', params: { ...USAGE, period_type: '1', begin_from: '2023-02-30', end_by: day(now) }, field: 'begin_from' },
		{ operation: 'current.usage.get', params: { ...USAGE, begin_from: month(now - 200 * DAY_MS), end_by: month(now) }, field: 'begin_from' },
		{ operation: 'current.usage.get', params: { ...USAGE, begin_from: '2022-12', end_by: '2023-01' }, field: 'begin_from' },
		{ operation: 'current.usage.get', params: { ...USAGE, period_type: '3', begin_from: month(now), end_by: month(now) }, field: 'period_type' },
		{ operation: 'current.usage.get', params: { ...USAGE, category: 'voice', begin_from: month(now), end_by: month(now) }, field: 'category' },
		{ operation: 'current.usage.get', params: { ...USAGE, end_by: month(now) }, field: 'begin_from' },
		// SMS: how many SIMs, how long, what type.
		{ operation: 'current.sms.send', params: { ...SMS, sim_ids: many(101) }, field: 'sim_ids' },
		{ operation: 'current.sms.send', params: { ...SMS, sim_ids: [] }, field: 'sim_ids' },
		{ operation: 'current.sms.send', params: { ...SMS, sim_ids: [ICCID, ICCID] }, field: 'sim_ids[1]' },
		{ operation: 'current.sms.send', params: { ...SMS, sim_ids: [ICCID, '12345'] }, field: 'sim_ids[1]' },
		{ operation: 'current.sms.send', params: { ...SMS, 'message.content': 'x'.repeat(141) }, field: 'message.content' },
		{ operation: 'current.sms.send', params: { ...SMS, 'message.content': '🙂'.repeat(141) }, field: 'message.content' },
		{ operation: 'current.sms.send', params: { ...SMS, 'message.content': '' }, field: 'message.content' },
		{ operation: 'current.sms.send', params: { ...SMS, 'message.type': '3' }, field: 'message.type' },
		{ operation: 'current.sms.send', params: { ...SMS, message: { type: 1, content: 'hello' } }, field: 'message' },
		{ operation: 'current.sms.getSent', params: { sim_id: ICCID, begin_from: 1700000000000, end_by: 1600000000000 }, field: 'begin_from' },
		{ operation: 'current.sms.getSent', params: { sim_id: ICCID, status: '5' }, field: 'status' },
		{ operation: 'current.sms.getReceived', params: { sim_id: ICCID, begin_from: -1 }, field: 'begin_from' },
		// Pages, request ids, path overrides.
		{ operation: 'current.sim.getMany', params: { page_size: 101 }, field: 'page_size' },
		{ operation: 'current.sim.getMany', params: { page_no: 0 }, field: 'page_no' },
		{ operation: 'current.sim.getMany', params: { status: '99' }, field: 'status' },
		{ operation: 'current.sim.getAsyncResult', params: { request_id: 'a/b' }, field: 'request_id' },
		{ operation: 'current.sim.getAsyncResult', params: { request_id: '' }, field: 'request_id' },
		{ operation: 'current.sim.suspend', params: { sim_id: ICCID }, path: '/sims/{sim_id}/../../x', field: 'path' },
		{ operation: 'current.sim.getStatus', params: { sim_id: ICCID }, path: '/sims/{iccid}/status', field: 'path' },
	];
}
