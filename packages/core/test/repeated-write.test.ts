import { getCurrentOperation, getOperation, OPERATIONS, repeatedWrite, writeTargets, type WriteFailure } from '../src';
import { catalogOperationOf, catalogWriteAt, failureAbout, writeDecision } from '../src/results/repeated-write';

// A loop brings a write's failure back to the node: the write it would send is told apart by its SIMs and order,
// an ICCID list SIM by SIM.

const [A, B, X, Y] = ['89852022018041800001', '89852022018041800002', '89852022018041800003', '89852022018041800004'];
const BULK = getOperation('plan.bulkOrder');
const RENEW = getOperation('plan.renew');
const ORDER = getOperation('plan.order');
const CUSTOM = getOperation('custom.call');
const ADD_BUNDLE = getCurrentOperation('current.bundle.add');
const SMS = getCurrentOperation('current.sms.send');
/** A Custom API Call's params: its path and its body. */
const custom = (path: string, body: Record<string, unknown>) => ({ path, params: body });

describe('writeTargets', () => {
	test.each([
		['a bulk order list (array)', BULK, { deviceList: [A, B], package_code: 'P' }, { iccids: [A, B] }],
		['a bulk order list (text, as msg.iccid brings it)', BULK, { deviceList: `${A}, ${B}\n${X}` }, { iccids: [A, B, X] }],
		['one SIM', ORDER, { device_id: A }, { iccids: [A] }],
		['an order', RENEW, { order_id: 'O-1', renew_period: 1 }, { iccids: [], orderId: 'O-1' }],
		['a custom call: its body', CUSTOM, { path: '/x', params: { deviceList: [A], order_id: 7 } }, { iccids: [A], orderId: '7' }],
	])('%s', (_name, op, params, expected) => {
		expect(writeTargets(op, params)).toEqual(expected);
	});
});

describe('repeatedWrite', () => {
	const unknown = (extra: Partial<WriteFailure>): WriteFailure => ({ operation: 'plan.bulkOrder', outcome: 'unknown', ...extra });
	const failed = (extra: Partial<WriteFailure>): WriteFailure => ({ operation: 'plan.bulkOrder', outcome: 'failed', ...extra });
	test.each([
		['one SIM of a bulk order, unknown → the same SIM alone again', unknown({ iccid: X }), BULK, { deviceList: [X] }, { reason: 'unknown', iccids: [X] }],
		['one SIM of a bulk order, unknown → the whole list again (node\'s list)', unknown({ iccid: X }), BULK, { deviceList: [A, B, X] }, { reason: 'unknown', iccids: [X] }],
		['one SIM of a bulk order, unknown → other SIMs only', unknown({ iccid: X }), BULK, { deviceList: [A, B] }, undefined],
		['one SIM failed → that SIM alone may go again', failed({ iccid: X }), BULK, { deviceList: [X] }, undefined],
		['one SIM failed → the whole list would repeat the others', failed({ iccid: X }), BULK, { deviceList: [A, X] }, { reason: 'beyond-failure', iccids: [A] }],
		['a list\'s failure in one message: an unknown SIM in it', unknown({ failedIccids: [X, Y], unknownIccids: [Y] }), BULK, { deviceList: [A, X, Y] }, { reason: 'unknown', iccids: [Y] }],
		['a list\'s failure in one message: only failed SIMs, sent with the others', failed({ failedIccids: [X, Y] }), BULK, { deviceList: [A, X, Y] }, { reason: 'beyond-failure', iccids: [A] }],
		['the whole bulk order unknown (no SIM named) → any list', unknown({}), BULK, { deviceList: [A] }, { reason: 'unknown', iccids: [A] }],
		['the whole bulk order failed → may go again', failed({}), BULK, { deviceList: [A, B] }, undefined],
		['another operation', unknown({ iccid: X }), ORDER, { device_id: X }, undefined],
		['a renewal, unknown → the same order', unknown({ operation: 'plan.renew', orderId: 'O-1' }), RENEW, { order_id: 'O-1' }, { reason: 'unknown', iccids: [] }],
		['a renewal, unknown → another order', unknown({ operation: 'plan.renew', orderId: 'O-1' }), RENEW, { order_id: 'O-2' }, undefined],
		// The failure names what the flow gave; validation sent it trimmed (a file line's "\r\n", a pasted space).
		['a renewal named as given (" O-1\\r\\n"), unknown → the same order', unknown({ operation: 'plan.renew', orderId: ' O-1\r\n' }), RENEW, { order_id: ' O-1\r\n' }, { reason: 'unknown', iccids: [] }],
		['an order for a SIM named as given ("X\\r"), unknown → the same SIM', unknown({ operation: 'plan.order', iccid: `${X}\r` }), ORDER, { device_id: `${X}\r` }, { reason: 'unknown', iccids: [X] }],
		['a list\'s failure naming SIMs as given, unknown → the same list', unknown({ failedIccids: [` ${Y}`], unknownIccids: [` ${Y}`] }), BULK, { deviceList: [A, Y] }, { reason: 'unknown', iccids: [Y] }],
		// The current API names its SIM sim_id and the SMS's SIMs sim_ids.
		['a current add bundle, unknown → the same SIM (sim_id)', unknown({ operation: 'current.bundle.add', iccid: `${X}\r\n` }), ADD_BUNDLE, { sim_id: X }, { reason: 'unknown', iccids: [X] }],
		['a current add bundle, unknown → another SIM', unknown({ operation: 'current.bundle.add', iccid: X }), ADD_BUNDLE, { sim_id: A }, undefined],
		['a current SMS, unknown → a list with that SIM', unknown({ operation: 'current.sms.send' }), SMS, { sim_ids: [A, X] }, { reason: 'unknown', iccids: [A, X] }],
	])('%s', (_name, earlier, op, params, expected) => {
		expect(repeatedWrite(earlier, op, params)).toEqual(expected);
	});

	// A Custom API Call posting to a catalog operation's path is that operation: a loop into one is refused as a loop into it is.
	test.each([
		['the whole bulk order unknown → a custom call to Bulk Order\'s path', unknown({}), custom(BULK.path!, { deviceList: [A], package_code: 'P' }), { reason: 'unknown', iccids: [A] }],
		['one SIM of a bulk order unknown → a custom call to its path with that SIM', unknown({ iccid: X }), custom(BULK.path!, { deviceList: [A, X] }), { reason: 'unknown', iccids: [X] }],
		['…the path as a server routes it (case, doubled and trailing slashes)', unknown({ iccid: X }), custom(' //Package/BatchOrderPackages/ ', { deviceList: `${A},${X}` }), { reason: 'unknown', iccids: [X] }],
		['one SIM of a bulk order failed → a custom call that would repeat the others', failed({ iccid: X }), custom(BULK.path!, { deviceList: [A, X] }), { reason: 'beyond-failure', iccids: [A] }],
		['one SIM of a bulk order unknown → a custom call to its path for other SIMs', unknown({ iccid: X }), custom(BULK.path!, { deviceList: [A, B] }), undefined],
		['a bulk order unknown → a custom call to another write\'s path (Order)', unknown({ iccid: X }), custom(ORDER.path!, { device_id: X }), undefined],
		['an order unknown → a custom call to Order\'s path for that SIM', unknown({ operation: 'plan.order', iccid: X }), custom(ORDER.path!, { device_id: X }), { reason: 'unknown', iccids: [X] }],
		['a renewal unknown → a custom call to Renew\'s path for that order', unknown({ operation: 'plan.renew', orderId: 'O-1' }), custom(RENEW.path!, { order_id: 'O-1', renew_period: 1 }), { reason: 'unknown', iccids: [] }],
		['a custom call unknown → a custom call to a catalog path: still the custom call\'s repeat', unknown({ operation: 'custom.call' }), custom(BULK.path!, { deviceList: [A] }), { reason: 'unknown', iccids: [A] }],
		['a custom call to a path of no catalog entry is only a custom call', unknown({}), custom('/package/somethingElse', { deviceList: [A] }), undefined],
	])('%s', (_name, earlier, params, expected) => {
		expect(repeatedWrite(earlier, CUSTOM, params)).toEqual(expected);
	});
});

describe('writeDecision: Safe to Retry on a Custom API Call to a catalog write\'s path', () => {
	it('is overruled: the call is that write; on a read\'s path or an unknown one it holds', () => {
		expect(writeDecision(CUSTOM, custom(BULK.path!, { deviceList: [A] }), { safeToRetry: true })).toEqual({ write: true, overruled: BULK });
		expect(writeDecision(CUSTOM, custom(' /Package/BatchOrderPackages// ', {}), { safeToRetry: true }).overruled?.id).toBe('plan.bulkOrder');
		expect(writeDecision(CUSTOM, custom(BULK.path!, {}))).toEqual({ write: true });
		expect(writeDecision(CUSTOM, custom('/flow/queryDeviceFlowUsage', {}), { safeToRetry: true })).toEqual({ write: false });
		expect(writeDecision(CUSTOM, custom('/no/such/endpoint', {}), { safeToRetry: true })).toEqual({ write: false });
		expect(writeDecision(CUSTOM, custom('/no/such/endpoint', {}))).toEqual({ write: true });
		// Catalog operations: the catalog's word, a path override included.
		expect(writeDecision(BULK, { deviceList: [A] })).toEqual({ write: true });
		expect(writeDecision(getOperation('plan.getPlans'), {}, { path: RENEW.path! })).toEqual({ write: true });
	});

	it('every catalog write of either API is found at its path (and method); reads are not', () => {
		for (const op of OPERATIONS.filter((o) => o.path !== null)) expect(catalogWriteAt(op.path)?.id).toBe(op.idempotent ? undefined : op.id);
		expect(catalogWriteAt('/sims/89852022018041800192/bundle', 'post')?.id).toBe('current.bundle.add');
		expect(catalogWriteAt('/sims/89852022018041800192/bundles', 'GET')).toBeUndefined();
		expect(catalogWriteAt('/sms', 'POST')?.id).toBe('current.sms.send');
		expect(catalogWriteAt('/sims/89852022018041800192/suspend', 'PUT')?.id).toBe('current.sim.suspend');
	});
});

describe('a Custom API Call\'s failure names the catalog operation its path is: a loop from it into that operation is refused', () => {
	const failureOf = (outcome: 'unknown' | 'failed', params: Record<string, unknown>): WriteFailure => ({ operation: 'custom.call', outcome, ...failureAbout(CUSTOM, params) });

	it('records the operation and the SIMs (and order) of its body; a catalog operation\'s failure its SIM and order as before', () => {
		expect(failureAbout(CUSTOM, custom(BULK.path!, { deviceList: [A, B], package_code: 'P' }))).toEqual({ catalogOperation: 'plan.bulkOrder', failedIccids: [A, B] });
		expect(failureAbout(CUSTOM, custom(RENEW.path!, { order_id: 'O-1' }))).toEqual({ catalogOperation: 'plan.renew', orderId: 'O-1' });
		expect(failureAbout(CUSTOM, custom('/no/such/endpoint', {}))).toEqual({});
		expect(failureAbout(ORDER, { device_id: X, package_code: 'P' })).toEqual({ iccid: X });
	});

	test.each([
		['unknown custom call to Bulk Order\'s path → a Bulk Order of those SIMs', failureOf('unknown', custom(BULK.path!, { deviceList: [A, B] })), BULK, { deviceList: [B] }, { reason: 'unknown', iccids: [B] }],
		['…→ a Bulk Order of other SIMs: another write', failureOf('unknown', custom(BULK.path!, { deviceList: [A, B] })), BULK, { deviceList: [X] }, undefined],
		['failed custom call to Bulk Order\'s path → a Bulk Order adding SIMs', failureOf('failed', custom(BULK.path!, { deviceList: [A] })), BULK, { deviceList: [A, X] }, { reason: 'beyond-failure', iccids: [X] }],
		['failed custom call → the same SIMs may go again', failureOf('failed', custom(BULK.path!, { deviceList: [A] })), BULK, { deviceList: [A] }, undefined],
		['unknown custom call to Renew\'s path → a Renew of that order', failureOf('unknown', custom(RENEW.path!, { order_id: 'O-1', renew_period: 1 })), RENEW, { order_id: 'O-1' }, { reason: 'unknown', iccids: [] }],
		['unknown custom call to Bulk Order\'s path → an Order: another operation', failureOf('unknown', custom(BULK.path!, { deviceList: [X] })), ORDER, { device_id: X }, undefined],
	])('%s', (_name, earlier, op, params, expected) => {
		expect(repeatedWrite(earlier, op, params)).toEqual(expected);
	});
});

describe('catalogOperationOf', () => {
	it('every catalog endpoint of the legacy API is found at its path; other operations and unknown paths are none', () => {
		for (const op of OPERATIONS.filter((o) => o.path !== null)) expect(catalogOperationOf(CUSTOM, { path: op.path!, params: {} })?.id).toBe(op.id);
		expect(catalogOperationOf(CUSTOM, { path: '/no/such/endpoint' })).toBeUndefined();
		expect(catalogOperationOf(BULK, { path: RENEW.path!, deviceList: [A] })).toBeUndefined();
	});

	it('a custom call to Bulk Order\'s path counts Bulk Order\'s list: the catalog\'s, no list of its own', () => {
		expect(writeTargets(CUSTOM, custom(BULK.path!, { deviceList: [A, B] }))).toEqual({ iccids: [A, B] });
	});
});
