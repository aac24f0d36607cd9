import { CubeClient } from '../src/client/cube-client';
import { execute } from '../src/client/execute';
import { operationSpecs, type OperationEntry } from '../src/catalog/operations';
import type { Transport, TransportRequest } from '../src/transport/transport';

/**
 * The pager and the fan-out read the catalog entry they are given: a catalog of its own, with two paging
 * operations that name their page fields, records and page count differently, and a fan-out, is walked as it says.
 */

const entry = (id: string, path: string | null, rest: Partial<OperationEntry> = {}): OperationEntry => ({
	id,
	resource: 'sim',
	operation: id.split('.')[1],
	name: id,
	action: id,
	description: id,
	path,
	params: [],
	idempotent: true,
	docStatus: 'documented',
	...rest,
});

const intParam = (name: string) => ({ name, label: name, type: 'integer' as const, required: true, description: name });

const CATALOG = operationSpecs([
	entry('thing.list', '/things/list', {
		params: [intParam('page'), intParam('size')],
		paging: { pageNo: 'page', pageSize: 'size', items: 'things', itemsName: 'things', totalPages: 'meta.pages', defaultPageSize: 2, maxPageSize: 2 },
	}),
	entry('gadget.list', '/gadgets', {
		params: [intParam('p'), intParam('n'), { name: 'colour', label: 'Colour', type: 'string', required: false, description: 'colour' }],
		paging: { pageNo: 'p', pageSize: 'n', items: 'gadgets', itemsName: 'gadgets', totalPages: 'pages', defaultPageSize: 3, maxPageSize: 3 },
	}),
	entry('thing.get', '/things/one', { params: [{ name: 'id', label: 'ID', type: 'string', required: true, description: 'id' }] }),
	entry('thing.getMany', null, {
		params: [{ name: 'ids', label: 'IDs', type: 'iccidList', required: true, maxItems: 5, description: 'ids' }],
		fanOut: { of: 'thing.get', list: 'ids', each: 'id' },
		concurrency: { default: 2, max: 4 },
	}),
]);

/** Pages of 2 things (3 pages) and of 3 gadgets (2 pages); one thing per id. */
function fakeApi(): { transport: Transport; seen: Array<{ path: string; body: Record<string, unknown> }> } {
	const seen: Array<{ path: string; body: Record<string, unknown> }> = [];
	const envelope = (data: unknown) => ({ status: 200, headers: {}, body: { code: '0000', success: true, message: 'ok', data } });
	const transport: Transport = async (req: TransportRequest) => {
		const path = new URL(req.url).pathname;
		const body = req.body as Record<string, number | string>;
		seen.push({ path, body });
		if (path === '/things/list') {
			const page = Number(body.page);
			return envelope({ meta: { pages: 3 }, things: page < 3 ? [`t${page}a`, `t${page}b`].map((id) => ({ id })) : [{ id: 't3a' }] });
		}
		if (path === '/gadgets') return envelope({ pages: 2, gadgets: Number(body.p) === 1 ? [{ id: 'g1' }, { id: 'g2' }, { id: 'g3' }] : [{ id: 'g4' }] });
		if (path === '/things/one') return envelope({ id: body.id });
		return { status: 404, headers: {}, body: '' };
	};
	return { transport, seen };
}

describe('CubeClient reads paging and fan-out from the catalog entry', () => {
	it('walks each paging operation of its catalog with that entry\'s fields, records and page count', async () => {
		const api = fakeApi();
		const client = new CubeClient({ baseUrl: 'http://cube.test', transport: api.transport, operations: CATALOG });
		expect((await client.allPages('thing.list')).map((t) => t.id)).toEqual(['t1a', 't1b', 't2a', 't2b', 't3a']);
		expect(api.seen.map((r) => [r.path, r.body.page, r.body.size])).toEqual([
			['/things/list', 1, 2],
			['/things/list', 2, 2],
			['/things/list', 3, 2],
		]);
		api.seen.length = 0;
		const gadgets = await execute(client, 'gadget.list', { colour: 'red' }, { returnAll: true });
		expect(gadgets).toEqual({ kind: 'list', items: [{ id: 'g1' }, { id: 'g2' }, { id: 'g3' }, { id: 'g4' }] });
		expect(api.seen).toEqual([
			{ path: '/gadgets', body: { p: 1, n: 3, colour: 'red' } },
			{ path: '/gadgets', body: { p: 2, n: 3, colour: 'red' } },
		]);
		client.close();
	});

	it('stops at a limit, and names the entry\'s records and page count when a full page has no count', async () => {
		const api = fakeApi();
		const client = new CubeClient({ baseUrl: 'http://cube.test', transport: api.transport, operations: CATALOG });
		expect(await client.allPages('gadget.list', {}, { limit: 2 })).toEqual([{ id: 'g1' }, { id: 'g2' }]);
		expect(api.seen).toHaveLength(1);
		const noCount = new CubeClient({
			baseUrl: 'http://cube.test',
			operations: CATALOG,
			transport: async () => ({ status: 200, headers: {}, body: { code: '0000', success: true, data: { things: [{ id: 'a' }, { id: 'b' }] } } }),
		});
		await expect(noCount.allPages('thing.list')).rejects.toThrow(/page 1 has 2 things and no meta\.pages/);
		client.close();
		noCount.close();
	});

	it('fans out over the operation its entry names, one result per entry in input order', async () => {
		const api = fakeApi();
		const client = new CubeClient({ baseUrl: 'http://cube.test', transport: api.transport, operations: CATALOG });
		const result = await execute(client, 'thing.getMany', { ids: 'x1, x2, x3' });
		expect(result).toEqual({
			kind: 'many',
			results: ['x1', 'x2', 'x3'].map((id, index) => ({ iccid: id, index, ok: true, data: { id } })),
		});
		expect(api.seen.map((r) => r.path)).toEqual(['/things/one', '/things/one', '/things/one']);
		await expect(client.fanOut('thing.getMany', ['1', '2', '3', '4', '5', '6'])).rejects.toMatchObject({ field: 'ids' });
		await expect(client.allPages('thing.get')).rejects.toThrow(/thing\.get does not page/);
		client.close();
	});
});
