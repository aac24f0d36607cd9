import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { LinksfieldCube } from '../../nodes/LinksfieldCube/LinksfieldCube.node';
import { actionNode, credentialFor, loadOptionsContext, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';

/**
 * The plan picker as the editor runs it: the node's listSearch method in n8n-core's LoadOptionsContext, its
 * requests through n8n's own HTTP helper. Someone is waiting on it with the dropdown open.
 */

const sim = useTestSimulator();

const node = actionNode('picker', { resource: 'plan', operation: 'order' });
const pickerContext = (credentials: ICredentialDataDecryptedObject) => loadOptionsContext(node, credentials);

const [, search] = Object.entries(new LinksfieldCube().methods.listSearch)[0];

/** A host that accepts connections and never answers. */
async function silentHost() {
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cube/v4`,
		connections: () => sockets.size,
		close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
	};
}

test('the picker lists the plans through n8n-core, filtered by what is typed', async () => {
	const { results } = await search.call(pickerContext(credentialFor(sim)));
	expect(results.length).toBeGreaterThan(1);
	const first = results[0];
	const filtered = await search.call(pickerContext(credentialFor(sim)), String(first.name).slice(0, 5));
	expect(filtered.results.map((r) => r.value)).toContain(first.value);
});

test('against a host that never answers, the picker says so within a few seconds, after one request', async () => {
	const host = await silentHost();
	try {
		const started = Date.now();
		const error = await search.call(pickerContext(credentialFor(sim, { baseUrl: host.url }))).then(
			() => undefined,
			(err: Error) => err,
		);
		const seconds = (Date.now() - started) / 1000;
		expect(error?.message).toMatch(/^127\.0\.0\.1:\d+ does not answer \(nothing within 5 s\)/);
		expect(seconds).toBeLessThan(8);
		// Not retried: a picker is re-opened by the person waiting on it.
		expect(host.connections()).toBe(1);
	} finally {
		await host.close();
	}
}, 60_000);

test('against a host that answers a byte at a time, the picker still says so within a few seconds', async () => {
	// Each byte restarts a socket's idle timeout: only a deadline for the whole request ends the wait.
	const timers = new Set<NodeJS.Timeout>();
	const server = http.createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
		const timer = setInterval(() => res.write(' '), 500);
		timers.add(timer);
		res.on('close', () => (clearInterval(timer), timers.delete(timer)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const started = Date.now();
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cube/v4`;
		const error = await search.call(pickerContext(credentialFor(sim, { baseUrl: url }))).then(
			() => undefined,
			(err: Error) => err,
		);
		expect(error?.message).toMatch(/^127\.0\.0\.1:\d+ does not answer \(nothing within 5 s\)/);
		expect((Date.now() - started) / 1000).toBeLessThan(8);
	} finally {
		timers.forEach((t) => clearInterval(t));
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
}, 60_000);
