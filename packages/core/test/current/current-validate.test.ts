import { getCurrentOperation } from '../../src/catalog/current-operations';
import { buildCurrentRequest } from '../../src/current/current-request';
import { validateCurrentParams, type CurrentValidateOptions } from '../../src/current/current-validate';
import { CubeValidationError } from '../../src/results/errors';
import type { Params } from '../../src/signing/legacy/sign';

const NOW = Date.UTC(2026, 11, 3, 11, 0); // 2026-12-03 UTC
const SIM = '89852002021102915651';
const SIM2 = '89852002021102915652';

/** Validate then build, as the client will: `send` is reached only by what passed. */
function attempt(id: string, input: Params, options: CurrentValidateOptions = {}) {
	const send = jest.fn();
	const op = getCurrentOperation(id);
	try {
		send(buildCurrentRequest(op, validateCurrentParams(op, input, { now: NOW, ...options })));
		return { send, error: undefined };
	} catch (error) {
		return { send, error: error as CubeValidationError };
	}
}

const sims = (n: number) => Array.from({ length: n }, (_, i) => `8985200202110291${String(i).padStart(4, '0')}`);
const usage = (period_type: string, begin_from: string, end_by: string) => ({ sim_id: SIM, category: 'data', period_type, begin_from, end_by });
const add = (change: Params) => ({ sim_id: SIM, bundle_id: 'LP09823222320', bundle_type: '10', activate: 'false', ...change });
const sms = (change: Params) => ({ sim_ids: [SIM], 'message.type': '1', 'message.content': 'hello', ...change });

/** [what, operation, input, field named, words of the rule] — each refused before anything is sent. */
const REFUSED: [string, string, Params, string, RegExp][] = [
	['short ICCID', 'current.sim.get', { sim_id: '8985200202' }, 'sim_id', /19–20 digits/],
	['ICCID with letters', 'current.sim.get', { sim_id: '8985200202110291565X' }, 'sim_id', /19–20 digits/],
	['ICCID as an inexact number', 'current.sim.get', { sim_id: 89852002021102915651 }, 'sim_id', /too long to be exact/],
	['no ICCID', 'current.sim.activate', { sim_id: '  ' }, 'sim_id', /is required/],
	['bad ICCID in a path of a write', 'current.sim.suspend', { sim_id: '../../x' }, 'sim_id', /19–20 digits/],
	['request id with a slash', 'current.sim.getAsyncResult', { request_id: 'a/b' }, 'request_id', /is not valid/],
	['bundle id with a space', 'current.bundle.add', add({ bundle_id: 'LP 0982' }), 'bundle_id', /is not valid/],
	['bundle id with a slash', 'current.bundle.add', add({ bundle_id: 'LP/0982' }), 'bundle_id', /is not valid/],
	['bundle id too long', 'current.bundle.add', add({ bundle_id: 'L'.repeat(65) }), 'bundle_id', /is not valid/],
	['no bundle id', 'current.bundle.add', add({ bundle_id: '' }), 'bundle_id', /is required/],
	['bundle type 12', 'current.bundle.add', add({ bundle_type: '12' }), 'bundle_type', /must be one of 10 \(Basic\), 11 \(Add-On\)/],
	['bundle type as a word', 'current.bundle.add', add({ bundle_type: 'basic' }), 'bundle_type', /must be one of/],
	['0 cycles', 'current.bundle.add', add({ cycles: 0 }), 'cycles', /at least 1/],
	['121 cycles', 'current.bundle.add', add({ cycles: 121 }), 'cycles', /at most 120/],
	['1.5 cycles', 'current.bundle.add', add({ cycles: 1.5 }), 'cycles', /whole number/],
	['activate neither yes nor no', 'current.bundle.add', add({ activate: 'maybe' }), 'activate', /must be one of false \(No\), true \(Yes\)/],
	['activate left out', 'current.bundle.add', add({ activate: undefined }), 'activate', /is required/],
	['daily usage more than 60 days back', 'current.usage.get', usage('1', '2026-10-03', '2026-10-10'), 'begin_from', /more than 60 days back; daily usage goes back to 2026-10-04/],
	['monthly usage more than 6 months back', 'current.usage.get', usage('2', '2026-05', '2026-06'), 'begin_from', /more than 6 months back; monthly usage goes back to 2026-06/],
	['usage start after its end', 'current.usage.get', usage('2', '2026-11', '2026-10'), 'begin_from', /is after end_by/],
	['a month for daily usage', 'current.usage.get', usage('1', '2026-11', '2026-11'), 'begin_from', /a day as YYYY-MM-DD for daily usage/],
	['a day for monthly usage', 'current.usage.get', usage('2', '2026-11', '2026-11-30'), 'end_by', /a month as YYYY-MM for monthly usage/],
	['a day that does not exist', 'current.usage.get', usage('1', '2026-11-31', '2026-12-01'), 'begin_from', /a day as YYYY-MM-DD/],
	['month 13', 'current.usage.get', usage('2', '2026-13', '2026-13'), 'begin_from', /a month as YYYY-MM/],
	['usage period 3', 'current.usage.get', usage('3', '2026-11', '2026-11'), 'period_type', /must be one of 1 \(Daily\), 2 \(Monthly\)/],
	['101 SIMs for one SMS', 'current.sms.send', sms({ sim_ids: sims(101) }), 'sim_ids', /has 101 ICCIDs; at most 100/],
	['the same SIM twice', 'current.sms.send', sms({ sim_ids: [SIM, SIM] }), 'sim_ids[1]', /repeats ICCID/],
	['a bad ICCID among the SIMs', 'current.sms.send', sms({ sim_ids: [SIM, '123'] }), 'sim_ids[1]', /19–20 digits/],
	['141 characters', 'current.sms.send', sms({ 'message.content': 'x'.repeat(141) }), 'message.content', /has 141 characters; at most 140/],
	['141 emoji', 'current.sms.send', sms({ 'message.content': '😀'.repeat(141) }), 'message.content', /has 141 characters/],
	['an empty message', 'current.sms.send', sms({ 'message.content': '' }), 'message.content', /is required/],
	['message type 3', 'current.sms.send', sms({ 'message.type': '3' }), 'message.type', /must be one of 1 \(Text\), 2 \(Binary\)/],
	['no cancel mode', 'current.bundle.cancel', { sim_id: SIM, order_id: 'O1' }, 'mode', /is required/],
	['an unknown cancel mode', 'current.bundle.cancel', { sim_id: SIM, mode: 'everything' }, 'mode', /must be one of/],
	['End All with an order id', 'current.bundle.cancel', { sim_id: SIM, mode: 'all', order_id: 'O1' }, 'order_id', /must be empty when Mode is End All Bundles/],
	['End All asking to start the next', 'current.bundle.cancel', { sim_id: SIM, mode: 'all', keep_alive: true }, 'keep_alive', /goes only with an order ID/],
	['End One without an order id', 'current.bundle.cancel', { sim_id: SIM, mode: 'bundle' }, 'order_id', /is required when Mode is End One Bundle/],
	['End One and Start the Next without an order id', 'current.bundle.cancel', { sim_id: SIM, mode: 'bundleStartNext' }, 'order_id', /is required when Mode is End One Bundle and Start the Next/],
	['End One asking to start the next', 'current.bundle.cancel', { sim_id: SIM, mode: 'bundle', order_id: 'O1', keep_alive: 'true' }, 'keep_alive', /must not be Yes/],
	['End One and Start the Next saying not to', 'current.bundle.cancel', { sim_id: SIM, mode: 'bundleStartNext', order_id: 'O1', keep_alive: false }, 'keep_alive', /must not be No/],
	['SIM list status 11', 'current.sim.getMany', { status: '11' }, 'status', /must be one of 10/],
	['page size 101', 'current.sim.getMany', { page_size: 101 }, 'page_size', /at most 100/],
	['page 0', 'current.sms.getSent', { sim_id: SIM, page_no: 0 }, 'page_no', /at least 1/],
	['bundle status 4', 'current.bundle.getMany', { sim_id: SIM, status: '1,4' }, 'status[1]', /must be one of 0/],
	['SMS time range backwards', 'current.sms.getSent', { sim_id: SIM, begin_from: 1_700_000_000_001, end_by: 1_700_000_000_000 }, 'begin_from', /is after end_by/],
	['SMS time as a date', 'current.sms.getReceived', { sim_id: SIM, begin_from: '2026-12-01' }, 'begin_from', /whole number/],
	['a misspelt field', 'current.bundle.add', add({ bundleId: 'LP1' }), 'bundleId', /is not a parameter of current.bundle.add/],
];

describe('current API validation: refused before sending, field named', () => {
	it.each(REFUSED)('%s', (_what, id, input, field, rule) => {
		const { send, error } = attempt(id, input);
		expect(error).toBeInstanceOf(CubeValidationError);
		expect({ field: error!.field, operation: error!.operation }).toEqual({ field, operation: id });
		expect(error!.message).toMatch(rule);
		expect(error!.message).toMatch(/Nothing was sent\.$/);
		expect(send).not.toHaveBeenCalled();
	});

	it('usage before 2023-01-01 is refused as such, even inside the window', () => {
		const now = Date.UTC(2023, 1, 1);
		const daily = attempt('current.usage.get', usage('1', '2022-12-20', '2023-01-05'), { now });
		expect([daily.error?.field, daily.error?.message]).toEqual(['begin_from', expect.stringMatching(/before 2023-01-01: the API has no usage before 2023-01-01/)]);
		const monthly = attempt('current.usage.get', usage('2', '2022-12', '2023-01'), { now });
		expect(monthly.error?.message).toMatch(/before 2023-01: the API has no usage before 2023-01-01/);
	});

	it('takes the edges of the documented windows', () => {
		expect(attempt('current.usage.get', usage('1', '2026-10-04', '2026-12-03')).error).toBeUndefined();
		expect(attempt('current.usage.get', usage('2', '2026-06', '2026-12')).error).toBeUndefined();
		expect(attempt('current.usage.get', usage('2', '2023-01', '2023-01'), { now: Date.UTC(2023, 6, 31) }).error).toBeUndefined();
	});

	it('converts what it accepts to what the API takes', () => {
		const op = (id: string) => getCurrentOperation(id);
		const v = (id: string, input: Params) => validateCurrentParams(op(id), input, { now: NOW });
		expect(v('current.bundle.add', add({ bundle_type: '11', cycles: '3', activate: true }))).toEqual({ sim_id: SIM, bundle_id: 'LP09823222320', bundle_type: 11, cycles: 3, activate: true });
		expect(v('current.bundle.add', add({ bundle_type: 10, activate: 'false' }))).toMatchObject({ bundle_type: 10, activate: false });
		expect(v('current.sim.getMany', { status: 23, page_size: '100' })).toEqual({ status: 23, page_size: 100 });
		expect(v('current.bundle.getMany', { sim_id: SIM, status: '0, 1 1' })).toEqual({ sim_id: SIM, status: ['0', '1'] });
		expect(v('current.usage.get', usage('1', '2026-11-01', '2026-11-30'))).toMatchObject({ period_type: 1, begin_from: '2026-11-01' });
		// A message is sent as written, its spaces kept; 140 emoji are 140 characters.
		expect(v('current.sms.send', sms({ sim_ids: `${SIM}\n${SIM2}`, 'message.content': ' hi ' }))).toEqual({ sim_ids: [SIM, SIM2], 'message.type': 1, 'message.content': ' hi ' });
		expect(v('current.sms.send', sms({ 'message.content': '😀'.repeat(140) }))['message.content']).toHaveLength(280);
		expect(v('current.sms.send', sms({ sim_ids: sims(100) })).sim_ids).toHaveLength(100);
	});

	it('cancel: each mode sends what the vendor reads for it', () => {
		const v = (input: Params) => validateCurrentParams(getCurrentOperation('current.bundle.cancel'), { sim_id: SIM, ...input });
		expect(v({ mode: 'all', keep_alive: false })).toEqual({ sim_id: SIM, mode: 'all' });
		expect(v({ mode: 'bundle', order_id: 'O1', keep_alive: 'false' })).toEqual({ sim_id: SIM, mode: 'bundle', order_id: 'O1' });
		expect(v({ mode: 'bundleStartNext', order_id: 'O1' })).toEqual({ sim_id: SIM, mode: 'bundleStartNext', order_id: 'O1', keep_alive: true });
	});

	it('takes the ICCID check setting the legacy validation takes', () => {
		const op = getCurrentOperation('current.sim.get');
		expect(validateCurrentParams(op, { sim_id: '8985200202' }, { iccidCheck: 'digits' })).toEqual({ sim_id: '8985200202' });
		expect(() => validateCurrentParams(op, { sim_id: '8985200202' })).toThrow(CubeValidationError);
	});
});
