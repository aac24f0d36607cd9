import { transportErrorFrom } from '../src/transport/transport';

const untrusted = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });

// Each runtime trusts a CA its own way (Node-RED: a TLS config node; n8n: NODE_EXTRA_CA_CERTS or the credential's
// "Ignore SSL Issues"): the core names the failure, the runtime supplies the advice.
describe('transportErrorFrom: an untrusted certificate', () => {
	test('names the certificate code, and no runtime-specific advice of its own', () => {
		const error = transportErrorFrom(untrusted);
		expect(error).toMatchObject({ failure: 'tls', maybeSent: false, retryable: false });
		expect(error.detail).toBe("the server's certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)");
	});

	test("appends the runtime's advice when it gives one", () => {
		expect(transportErrorFrom(untrusted, { trustAdvice: 'start Node with NODE_EXTRA_CA_CERTS' }).detail).toBe(
			"the server's certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE) — start Node with NODE_EXTRA_CA_CERTS",
		);
	});
});

describe('transportErrorFrom: failures before anything was sent', () => {
	// Node's own error for a TLS socket closed before the handshake completed (a proxy that answers CONNECT and hangs
	// up, a server that drops the connection): the request is only written once TLS is up.
	const beforeTls = () => Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), { code: 'ECONNRESET' });

	test('a connection closed before the TLS handshake completed was not sent, and may be tried again', () => {
		expect(transportErrorFrom(beforeTls(), { url: 'https://api.example.net/cube/v4/x' })).toMatchObject({
			failure: 'reset',
			maybeSent: false,
			retryable: true,
			detail: 'api.example.net:443 closed the connection before the TLS handshake completed (ECONNRESET)',
		});
		expect(transportErrorFrom(beforeTls(), { url: 'https://api.example.net/x', proxy: 'http://user:pw@proxy.example:3128' }).detail).toBe(
			'the connection through proxy proxy.example:3128 closed before the TLS handshake completed (ECONNRESET)',
		);
	});

	test('a reset after TLS was up may have carried the request', () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(transportErrorFrom(reset, { url: 'https://api.example.net/x' })).toMatchObject({ failure: 'reset', maybeSent: true });
	});

	test("a failure while the proxy's own connection opened names the proxy, not the server", () => {
		const target = { url: 'https://api.example.net/x', proxy: 'https://proxy.example:8443', atProxy: true, trustAdvice: 'set its CA in the TLS config' };
		expect(transportErrorFrom(untrusted, target)).toMatchObject({
			failure: 'tls',
			maybeSent: false,
			detail: "proxy proxy.example:8443's certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE) — set its CA in the TLS config",
		});
		const hangUp = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(transportErrorFrom(hangUp, target)).toMatchObject({ failure: 'reset', maybeSent: false, detail: 'proxy proxy.example:8443 closed the connection before the tunnel opened (ECONNRESET)' });
	});

	test('a protocol Node refuses (an agent that does not fit the URL) is not sent and not retried', () => {
		const refused = Object.assign(new TypeError('Protocol "https:" not supported. Expected "http:"'), { code: 'ERR_INVALID_PROTOCOL' });
		expect(transportErrorFrom(refused)).toMatchObject({ maybeSent: false, retryable: false, detail: 'the request could not be sent: Protocol "https:" not supported. Expected "http:" (ERR_INVALID_PROTOCOL)' });
	});
});
