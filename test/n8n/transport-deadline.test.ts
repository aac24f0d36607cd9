import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cubeClientFor } from '../../nodes/LinksfieldCube/client';
import { actionNode, credentialFor, loadOptionsContext, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';

/**
 * The node's requests go through n8n's HTTP helper, whose `timeout` is the socket's idle time: a server sending a
 * byte now and then would hold a request for ever. Each attempt has a deadline of the configured timeout, and a
 * request it cuts is a timeout as the core classifies one: maybe sent, so a write ends with outcome unknown and is
 * not repeated, a read is tried again.
 */

const sim = useTestSimulator();

const node = actionNode('cube', { resource: 'plan', operation: 'renew' });
const n8nContext = (credentials: ICredentialDataDecryptedObject) => loadOptionsContext(node, credentials);

/** A host that answers 200 and then a byte every 200 ms, never completing its answer. */
async function tricklingHost() {
	const timers = new Set<NodeJS.Timeout>();
	let requests = 0;
	const server = http.createServer((_req, res) => {
		requests++;
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
		const timer = setInterval(() => res.write(' '), 200);
		timers.add(timer);
		res.on('close', () => (clearInterval(timer), timers.delete(timer)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cube/v4`,
		requests: () => requests,
		close: async () => {
			timers.forEach((t) => clearInterval(t));
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

let host: Awaited<ReturnType<typeof tricklingHost>>;
beforeEach(async () => (host = await tricklingHost()));
afterEach(() => host.close());

const clientOf = async () => cubeClientFor(n8nContext(credentialFor(sim, { baseUrl: host.url })), { timeoutMs: 1000, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 0 } });

test('a write cut by the deadline: one request, outcome unknown, within about the timeout', async () => {
	const client = await clientOf();
	const started = Date.now();
	const error = await client.call('plan.renew', { order_id: 'O-1', renew_period: 1 }).catch((e: unknown) => e);
	client.close();
	expect(error).toMatchObject({ kind: 'timeout', outcome: 'unknown', attempts: 1, operation: 'plan.renew' });
	expect((Date.now() - started) / 1000).toBeLessThan(3);
	expect(host.requests()).toBe(1);
}, 15_000);

test('a read cut by the deadline is tried again, each attempt bounded', async () => {
	const client = await clientOf();
	const started = Date.now();
	const error = await client.call('usage.get', { device_id: '89852022018041800150' }).catch((e: unknown) => e);
	client.close();
	expect(error).toMatchObject({ kind: 'timeout', outcome: 'failed', attempts: 3 });
	expect((Date.now() - started) / 1000).toBeLessThan(6);
	expect(host.requests()).toBe(3);
}, 15_000);

test('the caller\'s signal still aborts as an abort, not a timeout', async () => {
	const client = await clientOf();
	const stop = new AbortController();
	setTimeout(() => stop.abort(), 300);
	const error = await client.call('usage.get', { device_id: '89852022018041800150' }, { signal: stop.signal }).catch((e: unknown) => e);
	client.close();
	expect(error).not.toMatchObject({ kind: 'timeout' });
	expect(host.requests()).toBe(1);
}, 15_000);
