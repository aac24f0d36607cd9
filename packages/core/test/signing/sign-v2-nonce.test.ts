import { SignV2Signer } from '../../src/signing/current/sign-v2-signer';
import { testKey } from './sign-v2-keys';

/** The nonce of an earlier attempt, given back for the one resend the vendor deduplicates by nonce (SMS, spec current §5.13). */

const request = { method: 'POST', path: '/cube/v4/sms', body: { sim_ids: ['89852022018041800192'], message: { type: 1, content: 'hi' } } };

describe('SignV2Signer nonce', () => {
	const nonces = [11, 22];
	const signer = new SignV2Signer({ keyId: 'nonce-test', privateKey: testKey('team-rsa1024.pkcs8.pem'), now: () => 1674197059220, nonce: () => nonces.shift()! });

	test('a request that names a nonce is signed and sent with it; one that does not gets a fresh one', () => {
		const first = signer.sign(request).headers;
		expect(first.nonce).toBe('11');
		const again = signer.sign({ ...request, nonce: Number(first.nonce) }).headers;
		expect(again).toEqual(first);
		expect(signer.sign(request).headers.nonce).toBe('22');
	});

	test('a given nonce outside 1 … 2^31−1 is refused', () => {
		expect(() => signer.sign({ ...request, nonce: 0 })).toThrow(RangeError);
		expect(() => signer.sign({ ...request, nonce: 2 ** 31 })).toThrow(RangeError);
	});
});
