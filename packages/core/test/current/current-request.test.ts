import { CURRENT_OPERATIONS, getCurrentOperation } from '../../src/catalog/current-operations';
import { buildCurrentRequest, currentQueryString } from '../../src/current/current-request';
import { validateCurrentParams } from '../../src/current/current-validate';
import { CubeValidationError } from '../../src/results/errors';
import type { Params } from '../../src/signing/legacy/sign';
import { signV2Message } from '../../src/signing/current/sign-v2-message';
import { findRoute } from '../../../simulator/src/current/routes';

const SIM = '89852002021102915651';
const op = getCurrentOperation;
const built = (id: string, input: Params, now = Date.UTC(2026, 11, 3)) => buildCurrentRequest(op(id), validateCurrentParams(op(id), input, { now }));

describe('building a current API request from its catalog entry', () => {
	it("reproduces the spec's sign v2 vector A2 (usage, GET with a query)", () => {
		const request = built('current.usage.get', { sim_id: '89852002021102915651', category: 'data', period_type: 2, begin_from: '2023-01', end_by: '2023-01' }, Date.UTC(2023, 2, 1));
		expect(request).toEqual({
			method: 'GET',
			path: '/sims/89852002021102915651/usage',
			query: { category: 'data', period_type: '2', begin_from: '2023-01', end_by: '2023-01' },
			apiVersion: '1.0',
		});
		expect(signV2Message({ path: `/cube/v4${request.path}`, timestamp: '1674197059220', nonce: '1', query: request.query, body: request.body })).toBe(
			'{"begin_from":"2023-01","category":"data","end_by":"2023-01","nonce":"1","period_type":"2","timestamp":"1674197059220","x-sign-uri":"/cube/v4/sims/89852002021102915651/usage"}',
		);
	});

	it("reproduces the spec's sign v2 vector B (add bundle, POST with numbers in the body)", () => {
		const request = buildCurrentRequest(op('current.bundle.add'), { sim_id: '89000100010003125832', bundle_id: 'LP09823222320', bundle_type: 10, cycles: 3 });
		expect(request).toEqual({ method: 'POST', path: '/sims/89000100010003125832/bundle', query: {}, body: { bundle_id: 'LP09823222320', bundle_type: 10, cycles: 3 }, apiVersion: '1.0' });
		expect(signV2Message({ path: `/cube/v4${request.path}`, timestamp: '1674197059220', nonce: '1', body: request.body })).toBe(
			'{"bundle_id":"LP09823222320","bundle_type":10,"cycles":3,"nonce":"1","timestamp":"1674197059220","x-sign-uri":"/cube/v4/sims/89000100010003125832/bundle"}',
		);
	});

	it('always sends activate, as a boolean', () => {
		expect(built('current.bundle.add', { sim_id: SIM, bundle_id: 'LP1', bundle_type: '11', activate: 'false' }).body).toEqual({ bundle_id: 'LP1', bundle_type: 11, activate: false });
	});

	it('comma-joins a list in the query, and the URL encodes it', () => {
		const request = built('current.bundle.getMany', { sim_id: SIM, status: ['0', '1', '2'], page_size: 100 });
		expect(request.query).toEqual({ status: '0,1,2', page_size: '100' });
		expect(currentQueryString(request.query)).toBe('?status=0%2C1%2C2&page_size=100');
		expect(currentQueryString({})).toBe('');
		expect(currentQueryString({ q: 'a b+c' })).toBe('?q=a%20b%2Bc');
	});

	it('nests dotted body names (SMS message.type / message.content)', () => {
		const request = built('current.sms.send', { sim_ids: [SIM], 'message.type': '1', 'message.content': 'Hi there' });
		expect(request).toEqual({ method: 'POST', path: '/sms', query: {}, body: { sim_ids: [SIM], message: { type: 1, content: 'Hi there' } }, apiVersion: '1.0' });
	});

	it('sends no local param, and the cancel mode decides order_id and keep_alive', () => {
		expect(built('current.bundle.cancel', { sim_id: SIM, mode: 'all' }).body).toEqual({});
		expect(built('current.bundle.cancel', { sim_id: SIM, mode: 'bundle', order_id: 'ORD1' }).body).toEqual({ order_id: 'ORD1' });
		expect(built('current.bundle.cancel', { sim_id: SIM, mode: 'bundleStartNext', order_id: 'ORD1' })).toEqual({
			method: 'PUT',
			path: `/sims/${SIM}/cancel`,
			query: {},
			body: { order_id: 'ORD1', keep_alive: true },
			apiVersion: '4.0',
		});
	});

	it('a write without fields has an empty JSON body; a read has none', () => {
		expect(built('current.sim.activate', { sim_id: SIM })).toEqual({ method: 'POST', path: `/sims/${SIM}/activate`, query: {}, body: {}, apiVersion: '1.0' });
		expect(built('current.sim.get', { sim_id: SIM })).not.toHaveProperty('body');
	});

	it('percent-encodes a path parameter, so it stays one segment', () => {
		expect(buildCurrentRequest(op('current.sim.getAsyncResult'), { request_id: 'x?y#z%' }).path).toBe('/sims/async_result/x%3Fy%23z%25');
		expect(built('current.sim.getAsyncResult', { request_id: 'REQ-0001' }).path).toBe('/sims/async_result/REQ-0001');
	});

	it('the API version: the catalog\'s, another one, or none', () => {
		expect(buildCurrentRequest(op('current.sim.get'), { sim_id: SIM }, { apiVersion: '3.0' }).apiVersion).toBe('3.0');
		expect(buildCurrentRequest(op('current.sim.get'), { sim_id: SIM }, { apiVersion: null })).not.toHaveProperty('apiVersion');
		expect(buildCurrentRequest(op('current.bundle.getMany'), { sim_id: SIM })).not.toHaveProperty('apiVersion');
	});

	it('an inferred path can be replaced, its placeholders filled; a path leaving the base is refused', () => {
		expect(buildCurrentRequest(op('current.sim.suspend'), { sim_id: SIM }, { pathOverride: '/sims/{sim_id}/pause' }).path).toBe(`/sims/${SIM}/pause`);
		expect(buildCurrentRequest(op('current.sim.getStatus'), { sim_id: SIM }, { pathOverride: ' /sims/{sim_id}/lifecycle ' }).path).toBe(`/sims/${SIM}/lifecycle`);
		const refused = (pathOverride: string) => {
			try {
				buildCurrentRequest(op('current.sim.suspend'), { sim_id: SIM }, { pathOverride });
			} catch (error) {
				return [(error as CubeValidationError).field, (error as Error).message];
			}
			return undefined;
		};
		expect(refused('/sims/../admin')).toEqual(['path', expect.stringMatching(/must not contain "\." or "\.\." segments/)]);
		expect(refused('/sims/{iccid}/pause')).toEqual(['path', expect.stringMatching(/names \{iccid\}, which is not a path parameter/)]);
	});

	it('every entry builds a request the simulator routes to the endpoint of the same path', () => {
		const sample: Record<string, unknown> = { sim_id: SIM, request_id: 'REQ-1', sim_ids: [SIM], bundle_id: 'LP1', bundle_type: 10, activate: false, mode: 'all', 'message.type': 1, 'message.content': 'x' };
		for (const entry of CURRENT_OPERATIONS) {
			const values = Object.fromEntries(entry.params.filter((p) => sample[p.name] !== undefined).map((p) => [p.name, sample[p.name]]));
			const request = buildCurrentRequest(entry, values);
			const found = findRoute(request.method, `/cube/v4${request.path}`);
			expect({ id: entry.id, route: found.route?.path }).toEqual({ id: entry.id, route: entry.path });
		}
	});
});
