import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CubeClient } from '../src/node';
import { CubeApiError } from '../src/results/errors';
import { createAxiosTransport } from '../src/transport/axios-transport';
import { TransportError } from '../src/transport/transport';

// A full collection on demand, to see what the transport still holds once a response was handed over.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('axios transport', () => {
	let srv: http.Server;
	let url: string;
	beforeAll(async () => {
		srv = http.createServer((req, res) => {
			req.resume();
			req.on('end', () => res.end(JSON.stringify({ code: '0000', data: 'x'.repeat(1_000_000), success: true })));
		});
		await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
		url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api`;
	});
	afterAll(async () => {
		srv.closeAllConnections();
		await new Promise((r) => srv.close(r));
	});

	it('keeps no response alive on the keep-alive socket that carried it', async () => {
		// A sweep after a 100,000-SIM list ran with that list's 73 MB response held by its socket until the end.
		const transport = createAxiosTransport({ proxy: false });
		try {
			// Only a weak reference to the response leaves this function.
			const send = async () => {
				const res = await transport({ url, headers: { 'Content-Type': 'application/json' }, body: { a: 1 }, timeoutMs: 10000 });
				expect(res.status).toBe(200);
				expect(String(res.body).length).toBe(1_000_040);
				return new WeakRef(res.headers);
			};
			const response = await send();
			// Off the stack of the socket's 'end' event first, then collect: the socket stays open (keep-alive).
			await new Promise((r) => setImmediate(r));
			gc();
			expect(response.deref()).toBeUndefined();
		} finally {
			transport.close();
		}
	});

	describe('a proxy it cannot use is refused before anything is sent, the password never repeated', () => {
		const refusal = (proxy: string) => {
			const transport = createAxiosTransport({ proxy });
			return transport({ url, headers: {}, body: {}, timeoutMs: 2000 }).then(
				() => {
					throw new Error('expected a refusal');
				},
				(err: unknown) => (transport.close(), err as TransportError),
			);
		};

		it.each([
			['socks5://cube:s3cret-pw@127.0.0.1:1080', 'proxy 127.0.0.1:1080: only http:// and https:// proxies are supported, not socks5://'],
			['http://cube:s3cret-pw@[not-a-host', 'the proxy URL is not a valid URL'],
		])('%s', async (proxy, detail) => {
			const err = await refusal(proxy);
			expect(err).toBeInstanceOf(TransportError);
			expect(err).toMatchObject({ failure: 'proxy', maybeSent: false, retryable: false, detail });
			expect(String(err.message)).not.toContain('s3cret');
		});
	});
});

describe('the timeout bounds the whole request, not only the time between bytes', () => {
	// Answers at once, then trickles its body a byte every 50 ms for 3 s: never idle long enough for a socket timeout.
	let srv: http.Server;
	let url: string;
	let received = 0;
	beforeAll(async () => {
		srv = http.createServer((req, res) => {
			received++;
			req.resume();
			req.on('end', () => {
				res.writeHead(200, { 'content-type': 'application/json' });
				const trickle = setInterval(() => res.write(' '), 50);
				setTimeout(() => (clearInterval(trickle), res.end(JSON.stringify({ code: '0000', success: true, data: {} }))), 3000);
				res.on('close', () => clearInterval(trickle));
			});
		});
		await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
		url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
	});
	beforeEach(() => (received = 0));
	afterAll(async () => {
		srv.closeAllConnections();
		await new Promise((r) => srv.close(r));
	});

	it('a trickled answer ends at the timeout as a timeout that may have been sent', async () => {
		const transport = createAxiosTransport({ proxy: false });
		try {
			const started = Date.now();
			const err = await transport({ url: `${url}/package/renewPackage`, headers: { 'Content-Type': 'application/json' }, body: { a: 1 }, timeoutMs: 400 }).catch((e) => e);
			expect(Date.now() - started).toBeLessThan(1500);
			expect(err).toBeInstanceOf(TransportError);
			expect(err).toMatchObject({ failure: 'timeout', maybeSent: true, retryable: true, detail: 'no complete answer within 400 ms' });
		} finally {
			transport.close();
		}
	});

	it("the caller's signal still aborts it, as an abort", async () => {
		const transport = createAxiosTransport({ proxy: false });
		try {
			const controller = new AbortController();
			setTimeout(() => controller.abort(), 100);
			const err = await transport({ url: `${url}/x`, headers: {}, body: {}, timeoutMs: 5000, signal: controller.signal }).catch((e) => e);
			expect(err).toMatchObject({ failure: 'aborted' });
		} finally {
			transport.close();
		}
	});

	const client = (retries: number) => new CubeClient({ baseUrl: url, accessCode: 'P000270', secret: 'trickle-secret', timeoutMs: 400, retry: { retries, baseDelayMs: 1, maxDelayMs: 2 } });

	it('a renewal cut by the deadline after it was sent: outcome unknown, sent once, never repeated', async () => {
		const c = client(3);
		try {
			const started = Date.now();
			const err = await c.renewPlan('202107061625560742397', 1).catch((e) => e);
			expect(Date.now() - started).toBeLessThan(1500);
			expect(err).toBeInstanceOf(CubeApiError);
			expect(err).toMatchObject({ kind: 'timeout', outcome: 'unknown', attempts: 1 });
			expect(received).toBe(1);
		} finally {
			c.close();
		}
	});

	it('a read cut by the deadline is tried again, each attempt bounded', async () => {
		const c = client(1);
		try {
			const started = Date.now();
			const err = await c.getUsage('89852022018041800001').catch((e) => e);
			expect(Date.now() - started).toBeLessThan(2500);
			expect(err).toMatchObject({ kind: 'timeout', attempts: 2 });
			expect(received).toBe(2);
		} finally {
			c.close();
		}
	});
});
