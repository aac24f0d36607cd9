import { CURRENT_OPERATIONS, getCurrentOperation, isCurrentOperation, MAX_SMS_CHARACTERS, MAX_SMS_SIMS, type CurrentOperationSpec } from '../../src/catalog/current-operations';
import { API_LIMITS } from '../../src/catalog/api-limits';
import { getOperation, OPERATIONS } from '../../src/catalog/operations';
import { CURRENT_ROUTES } from '../../../simulator/src/current/routes';

/**
 * Spec current §5.1–5.15, written from the spec's tables: section, method, path, API version as the spec names it
 * (undefined: "not stated"), each param and where it travels, and whether the endpoint is a documented read,
 * a write, asynchronous, inferred.
 */
type Row = {
	section: string;
	id: string;
	method: string;
	path: string;
	apiVersion?: string;
	params: Record<string, 'path' | 'query' | 'body' | 'local'>;
	write: boolean;
	docStatus: 'documented' | 'inferred';
};

const SPEC: Row[] = [
	{ section: '5.1', id: 'current.sim.getMany', method: 'GET', path: '/sims', apiVersion: '2.0', params: { status: 'query', page_no: 'query', page_size: 'query' }, write: false, docStatus: 'documented' },
	{ section: '5.2', id: 'current.sim.get', method: 'GET', path: '/sims/{sim_id}', apiVersion: '2.0', params: { sim_id: 'path' }, write: false, docStatus: 'documented' },
	{ section: '5.3', id: 'current.bundle.getMany', method: 'GET', path: '/sims/{sim_id}/bundles', params: { sim_id: 'path', status: 'query', page_no: 'query', page_size: 'query' }, write: false, docStatus: 'documented' },
	{
		section: '5.4',
		id: 'current.usage.get',
		method: 'GET',
		path: '/sims/{sim_id}/usage',
		apiVersion: '1.0',
		params: { sim_id: 'path', category: 'query', period_type: 'query', begin_from: 'query', end_by: 'query' },
		write: false,
		docStatus: 'documented',
	},
	{ section: '5.5', id: 'current.usage.getAccumulated', method: 'GET', path: '/usage/statistics/{sim_id}/accu_usage', apiVersion: '1.0', params: { sim_id: 'path' }, write: false, docStatus: 'documented' },
	{
		section: '5.6',
		id: 'current.bundle.add',
		method: 'POST',
		path: '/sims/{sim_id}/bundle',
		apiVersion: '1.0',
		params: { sim_id: 'path', bundle_id: 'body', bundle_type: 'body', cycles: 'body', activate: 'body' },
		write: true,
		docStatus: 'documented',
	},
	{ section: '5.7', id: 'current.bundle.cancel', method: 'PUT', path: '/sims/{sim_id}/cancel', apiVersion: '4.0', params: { sim_id: 'path', mode: 'local', order_id: 'body', keep_alive: 'body' }, write: true, docStatus: 'documented' },
	{ section: '5.8', id: 'current.sim.activate', method: 'POST', path: '/sims/{sim_id}/activate', apiVersion: '1.0', params: { sim_id: 'path' }, write: true, docStatus: 'documented' },
	{ section: '5.9', id: 'current.sim.suspend', method: 'PUT', path: '/sims/{sim_id}/suspend', apiVersion: '2.0', params: { sim_id: 'path' }, write: true, docStatus: 'inferred' },
	{ section: '5.10', id: 'current.sim.resume', method: 'PUT', path: '/sims/{sim_id}/resume', apiVersion: '1.0', params: { sim_id: 'path' }, write: true, docStatus: 'documented' },
	{ section: '5.11', id: 'current.sim.getStatus', method: 'GET', path: '/sims/{sim_id}/status', params: { sim_id: 'path' }, write: false, docStatus: 'inferred' },
	{ section: '5.12', id: 'current.sim.getAsyncResult', method: 'GET', path: '/sims/async_result/{request_id}', apiVersion: '4.0', params: { request_id: 'path' }, write: false, docStatus: 'documented' },
	{ section: '5.13', id: 'current.sms.send', method: 'POST', path: '/sms', apiVersion: '1.0', params: { sim_ids: 'body', 'message.type': 'body', 'message.content': 'body' }, write: true, docStatus: 'documented' },
	{
		section: '5.14',
		id: 'current.sms.getSent',
		method: 'GET',
		path: '/sms/mt/{sim_id}',
		apiVersion: '1.0',
		params: { sim_id: 'path', status: 'query', begin_from: 'query', end_by: 'query', page_no: 'query', page_size: 'query' },
		write: false,
		docStatus: 'documented',
	},
	{
		section: '5.15',
		id: 'current.sms.getReceived',
		method: 'GET',
		path: '/sms/mo/{sim_id}',
		apiVersion: '1.0',
		params: { sim_id: 'path', begin_from: 'query', end_by: 'query', page_no: 'query', page_size: 'query' },
		write: false,
		docStatus: 'documented',
	},
];

const param = (op: CurrentOperationSpec, name: string) => {
	const p = op.params.find((q) => q.name === name);
	if (!p) throw new Error(`${op.id} has no param ${name}`);
	return p;
};

describe('current API catalog (spec current §5.1–5.15)', () => {
	it('has exactly one entry per endpoint of §5.1–5.15', () => {
		expect(CURRENT_OPERATIONS.map((op) => op.id).sort()).toEqual(SPEC.map((r) => r.id).sort());
	});

	it.each(SPEC)('§$section $method $path', (row) => {
		const op = getCurrentOperation(row.id);
		expect({ method: op.method, path: op.path, apiVersion: op.apiVersion, docStatus: op.docStatus, idempotent: op.idempotent, generation: op.generation }).toEqual({
			method: row.method,
			path: row.path,
			apiVersion: row.apiVersion,
			docStatus: row.docStatus,
			idempotent: !row.write,
			generation: 'current',
		});
		expect(Object.fromEntries(op.params.map((p) => [p.name, p.in]))).toEqual(row.params);
		// Every {name} of the path is a path param, and every path param is in the path.
		const placeholders = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
		expect(placeholders).toEqual(op.params.filter((p) => p.in === 'path').map((p) => p.name));
		// An inferred path can be replaced and says so; a documented one is the spec's.
		expect(op.pathOverridable).toBe(row.docStatus === 'inferred');
		if (row.docStatus === 'inferred') expect(op.docNote).toMatch(/inferred.*verify on UAT; the path can be overridden/);
	});

	it('types and limits as the spec gives them', () => {
		const list = getCurrentOperation('current.sim.getMany');
		expect(param(list, 'status').options!.map((o) => o.value)).toEqual(['10', '23', '30', '40', '50']);
		expect(param(list, 'status').sendAs).toBe('integer');
		expect(param(list, 'page_size')).toMatchObject({ min: 1, max: 100, default: 10 });
		expect(list.listPaging).toEqual({ pageNo: 'page_no', pageSize: 'page_size', itemsName: 'SIM cards', defaultPageSize: 10, maxPageSize: 100 });
		expect(list.bundleFacts).toBe(true);

		const bundles = getCurrentOperation('current.bundle.getMany');
		expect(param(bundles, 'status')).toMatchObject({ multiple: true, options: [{ value: '0' }, { value: '1' }, { value: '2' }, { value: '3' }] });
		expect([param(bundles, 'page_no').inferred, param(bundles, 'page_size').inferred]).toEqual([true, true]);

		const usage = getCurrentOperation('current.usage.get');
		expect(param(usage, 'period_type').options!.map((o) => o.value)).toEqual(['1', '2']);
		expect(param(usage, 'category')).toMatchObject({ inferred: true, default: 'data' });
		expect(usage.checks).toEqual(['usageWindow']);

		expect(getCurrentOperation('current.usage.getAccumulated').deprecated).toBe(true);

		const add = getCurrentOperation('current.bundle.add');
		expect(param(add, 'bundle_type')).toMatchObject({ sendAs: 'integer', options: [{ value: '10' }, { value: '11' }] });
		expect(param(add, 'cycles')).toMatchObject({ type: 'integer', default: 1, min: 1 });
		// The default of activate is NOT FOUND: always sent, false unless chosen.
		expect(param(add, 'activate')).toMatchObject({ sendAs: 'boolean', required: true, default: 'false' });
		expect(add.async).toEqual({ resultBy: 'asyncResult', onlyWhen: { param: 'activate', value: true } });

		const cancel = getCurrentOperation('current.bundle.cancel');
		expect(param(cancel, 'mode').options!.map((o) => o.value).sort()).toEqual(['all', 'bundle', 'bundleStartNext']);
		expect([param(cancel, 'order_id').inferred, param(cancel, 'keep_alive').inferred]).toEqual([true, true]);
		expect(cancel.async?.resultBy).toBe('asyncResult');

		// v1.0 writes are followed with the SIM status (spec current §6).
		expect(getCurrentOperation('current.sim.activate').async).toEqual({ resultBy: 'status' });
		expect(getCurrentOperation('current.sim.resume').async).toEqual({ resultBy: 'status' });

		const sms = getCurrentOperation('current.sms.send');
		expect(param(sms, 'sim_ids')).toMatchObject({ type: 'iccidList', maxItems: MAX_SMS_SIMS });
		expect(param(sms, 'message.content')).toMatchObject({ maxLength: MAX_SMS_CHARACTERS, verbatim: true });
		expect([MAX_SMS_SIMS, MAX_SMS_CHARACTERS]).toEqual([100, 140]);
		expect(param(sms, 'message.type').options!.map((o) => o.value)).toEqual(['1', '2']);
		expect(sms.sameNonceWindowMs).toBe(10_000);

		const mt = getCurrentOperation('current.sms.getSent');
		expect(param(mt, 'status')).toMatchObject({ default: '4', options: [{ value: '1' }, { value: '2' }, { value: '3' }, { value: '4' }] });
		expect(param(mt, 'page_size').default).toBe(100);
		expect(param(getCurrentOperation('current.sms.getReceived'), 'begin_from').inferred).toBe(true);
	});

	it('every write is asynchronous or a job, and none is marked safe to retry', () => {
		for (const op of CURRENT_OPERATIONS.filter((o) => !o.idempotent)) {
			expect({ id: op.id, async: op.async !== undefined, retryOptIn: op.retryOptIn }).toEqual({ id: op.id, async: true, retryOptIn: undefined });
		}
		expect(CURRENT_OPERATIONS.filter((op) => op.sameNonceWindowMs !== undefined).map((op) => op.id)).toEqual(['current.sms.send']);
	});

	it('stays out of the legacy list the UIs are generated from, under ids that cannot meet a legacy id', () => {
		expect(CURRENT_OPERATIONS.every((op) => op.id.startsWith('current.'))).toBe(true);
		expect(OPERATIONS.filter((op) => op.id.startsWith('current.') || op.generation !== undefined)).toEqual([]);
		expect(() => getOperation('current.sim.get')).toThrow(/Unknown/);
		expect(() => getCurrentOperation('sim.get')).toThrow(/Unknown/);
		expect(new Set(CURRENT_OPERATIONS.map((op) => op.id)).size).toBe(CURRENT_OPERATIONS.length);
		expect(isCurrentOperation(getCurrentOperation('current.sim.get'))).toBe(true);
		expect(isCurrentOperation(getOperation('sim.get'))).toBe(false);
	});

	it("matches the simulator's route table: the same method and path for every endpoint", () => {
		const routes = CURRENT_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
		expect(CURRENT_OPERATIONS.map((op) => `${op.method} ${op.path}`).sort()).toEqual(routes);
	});

	it('carries the vendor limits as data for the client: 10 a second, 3 in flight, 5,000 a day', () => {
		expect(API_LIMITS.current).toEqual({ requestsPerSecond: 10, maxInFlight: 3, requestsPerDay: 5000 });
		expect(API_LIMITS.legacy).toEqual({ requestsPerSecond: null, maxInFlight: null, requestsPerDay: null });
	});
});
