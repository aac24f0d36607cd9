import { transportErrorFrom } from '../src/transport';

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
