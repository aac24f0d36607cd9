import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAxiosTransport, type Transport } from '@linksfield-cube/core/node';
// n8n-core's own HTTP helper, as a node's `this.helpers` gets it (the factory is not on the package's entry).
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/factory';
import type { INode, IWorkflowExecuteAdditionalData, Workflow } from 'n8n-workflow';
import { nodeHttpTransport } from '../../bench/node-http-transport';
import { n8nTransport, type RequestingContext } from '../../nodes/LinksfieldCube/transport';

/**
 * The three transports send any method: a GET with its query and no body, a PUT with its JSON body, as the current
 * API's requests are — each arrives at a plain HTTP server as it was given.
 */

interface Arrived {
	method: string;
	url: string;
	contentLength?: string;
	body: string;
}

let server: http.Server;
let base: string;
const arrived: Arrived[] = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (body += chunk));
		req.on('end', () => {
			arrived.push({ method: req.method!, url: req.url!, contentLength: req.headers['content-length'], body });
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":{},"status":{"code":"CB-00-0000"}}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cube/v4`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => (arrived.length = 0));

const n8nHelper = () => {
	const helpers = getRequestHelperFunctions({} as Workflow, { name: 'Cube', type: 'linksfieldCube' } as INode, {} as IWorkflowExecuteAdditionalData);
	return n8nTransport({ helpers } as unknown as RequestingContext);
};

const transports: Array<[string, () => Transport & { close?: () => void }]> = [
	['axios (the Node entry)', () => createAxiosTransport({ proxy: false })],
	["n8n's HTTP helper", n8nHelper],
	['bench node:http', nodeHttpTransport],
];

describe.each(transports)('%s', (_name, make) => {
	it('sends a GET with its query and without a body, and a PUT with its JSON body', async () => {
		const transport = make();
		try {
			const get = await transport({
				method: 'GET',
				url: `${base}/sims/89852022018041800192/usage`,
				query: { start_date: '2024-01-01', sim_ids: '8985,8986', note: 'a b/ü&=' },
				headers: { 'Accept-Language': 'en-US' },
				timeoutMs: 5000,
			});
			const put = await transport({
				method: 'PUT',
				url: `${base}/sims/89852022018041800192/status`,
				headers: { 'Content-Type': 'application/json' },
				body: { status: 'active', reason: { text: '你好 hello', count: 2 } },
				timeoutMs: 5000,
			});
			expect([get.status, put.status]).toEqual([200, 200]);
			const [gotGet, gotPut] = arrived;
			expect(gotGet.method).toBe('GET');
			const url = new URL(gotGet.url, 'http://x');
			expect(url.pathname).toBe('/cube/v4/sims/89852022018041800192/usage');
			expect(Object.fromEntries(url.searchParams)).toEqual({ start_date: '2024-01-01', sim_ids: '8985,8986', note: 'a b/ü&=' });
			expect(gotGet.url).not.toContain('+');
			expect(gotGet.body).toBe('');
			expect(gotPut.method).toBe('PUT');
			expect(gotPut.url).toBe('/cube/v4/sims/89852022018041800192/status');
			expect(JSON.parse(gotPut.body)).toEqual({ status: 'active', reason: { text: '你好 hello', count: 2 } });
		} finally {
			transport.close?.();
		}
	});

	it('sends a DELETE, and a request without a method as the POST every legacy call is', async () => {
		const transport = make();
		try {
			await transport({ method: 'DELETE', url: `${base}/bundles/B1`, query: { mode: 'now' }, headers: {}, timeoutMs: 5000 });
			await transport({ url: `${base}/flow/queryDeviceFlowUsage`, headers: { 'Content-Type': 'application/json' }, body: { device_id: '1' }, timeoutMs: 5000 });
			expect(arrived.map((a) => [a.method, a.url])).toEqual([
				['DELETE', '/cube/v4/bundles/B1?mode=now'],
				['POST', '/cube/v4/flow/queryDeviceFlowUsage'],
			]);
			expect(JSON.parse(arrived[1].body)).toEqual({ device_id: '1' });
		} finally {
			transport.close?.();
		}
	});
});
