import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
