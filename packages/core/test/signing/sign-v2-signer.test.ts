import crypto, { createPublicKey, verify } from 'node:crypto';
import { CubeValidationError } from '../../src/results/errors';
import { SignV2Signer } from '../../src/signing/current/sign-v2-signer';
import type { SignableRequest } from '../../src/signing/signer';
import { testKey } from './sign-v2-keys';

const KEY_ID = 'b30a5e0e135d42e6ab43b021a30b7987'; // the doc's example key id (spec §1.2)
const at = (timestamp: number, nonce: number) => ({ now: () => timestamp, nonce: () => nonce });

// Spec §2.3 vectors (timestamp 1674197059220, nonce 1) signed with the team keys. PKCS#1 v1.5 is deterministic, so
// these are fixed; they were computed with `openssl dgst -sha1 -sign`, not with this code.
const USAGE = '/cube/v4/sims/89852002021102915651/usage';
const BUNDLE = '/cube/v4/sims/89000100010003125832/bundle';
const VECTORS: Array<{ name: string; request: SignableRequest; rsa1024: string; rsa2048: string }> = [
	{
		name: 'A1',
		request: { method: 'GET', path: USAGE, query: { begin_from: '2023-01', category_type: 'data', end_by: '2023-01', period_type: 2 } },
		rsa1024: 'rCpZpSBHpwK/d+rZFVwlSOa5H1SnBvELQOfgqKdn5sVYl0Nh0zTTz9su6aRPjdzYth8GYUk1DT4ZVYJDTWOD4Efwz6pouBTAMyHUorNfTM3F1+gcJP6mRlsYULLWYryf59SrFz/9xRLhZPcYRMxH5Qhaz/47htcfVCZ80dbH57Q=',
		rsa2048: 'VlELjAhKejOgFvqT2/Bx8LEp++8w+0lnyhazlOHMK3sLjlYYWOlH+5FhZS19+VdZXh9L7s6I0+5sqOAwvCF7ygoXDZKPLz/OxJhQhcDgLs3hbKy/J5uu1tTWIUX65Vs3fr3WYz5bplamwe3SfJSFzFOHwfaABFkt6vX/EKQ+3xagINxJcFDOfmM7k8YGBFbuJ1vcGiFzU8Xxt9MGDd761j/mUEUR+iqGv1irYV5trwOhO2Aba1+kj1KMf7U4KQlNuNXa6tCiYeWZv7is3TOHllnDnz8GcYvdHMbkBoW9b2pVnpdySrq5yvJVJ94GOGMoO5tKHchPHnaW3B8NntD7Ig==',
	},
	{
		name: 'A2',
		request: { method: 'GET', path: USAGE, query: { begin_from: '2023-01', category: 'data', end_by: '2023-01', period_type: 2 } },
		rsa1024: 'xgjpk1Bu33GQxUHOOu2Vdnia3XyzhpJBVKWWzoCJ/juhxPN4FpYTaootTAt+vUg43pBheWL/FdE3n+bQfREOX9qwhIV3h5DZSE5f5R7o1vm4Vx11Wedg9yuCDJDf3cd1QFjU92RPsH/sBZwXV+EnlDJbPetajOdRER0NxNqq4/s=',
		rsa2048: 'LgF5sIjt3/RQ5BwYxOofxt7f1K60m74FpudX9CAAceVfS8gGcUzJZB+1ELCyztfNf6P2QFpndt7wfEG2PUUFafn7spJUxahzC8Z/z7ruEmZGV9jpKFBCWCmNJnxyq0KcHZ2TIyIPkiLNuFZ4eRdPcBDvSAITqeT/T+18nxJqM12COyqCZuST9wBCpcsPhyZBlhxWzBDLh9bTX1OAla69Ow3saJswskWLI2pU39B9hsT2nPvpzjiMSNMBGcIugBwOMPzEMZGqS+8NgmJmJ6Yq7UkIe+DOGlirL3s2TZU1K8I5NJAvUheB9sQ2BqN3S7L/XJnP63OTrvbCq1vWvvUS7A==',
	},
	{
		name: 'B',
		request: { method: 'POST', path: BUNDLE, body: { bundle_id: 'LP09823222320', bundle_type: 10, cycles: 3 } },
		rsa1024: '0Q3oFs1SoD53er2zn6SXr+SxXMNpMDwrJiBzK3ccgyACViVlJtalZ5yxWYwCLMz0GMcCbqjkogDGjKWknBcseGS8P6nd5H76davQc/BG1gNLw/NAGYGpqbPSDEmAVJf/9Iw9u2/Fcy3DjaxDcxigKFbhLAQ3/9wFAn6jLbmJiGk=',
		rsa2048: 'fmKQViL6e8NDvWN8HAnzrRgPGJOHMVgRIZP3l7tywBJc7jurps/Gok1tC1Fu6JDyTcOK7u3MvZs7GsmI14CZTMaxEdpV6cKkOEr1kSowjI53wWz2pMSWCGvuMRt4fSHG/46AtnbxKMxbpMeTWY/WFFL0okfNZfnHQKoby2YLywW1K7S2lOOVeJwReQBIXSwaSEADFPW2OjUnkWU1psqs5zAVtsdmZjol5eafWvuCFW0EY658CK+x2KLtDHxA+t/oI4lxBrYn73EjmLRDjsZvnXq3pwKSAjuhav+F5o6RXb5xUcdSgbPWMQMtJT44c7rRgMEkfNP3ewko6NSTu/SHKA==',
	},
];

const TABLE = VECTORS.flatMap((v) =>
	(['pkcs1', 'pkcs8'] as const).flatMap((form) => [
		{ vector: v.name, key: `team-rsa1024.${form}.pem`, request: v.request, sign: v.rsa1024 },
		{ vector: v.name, key: `team-rsa2048.${form}.pem`, request: v.request, sign: v.rsa2048 },
	]),
);

describe('SignV2Signer', () => {
	test.each(TABLE)('vector $vector with $key gives the fixed sign', ({ key, request, sign }) => {
		const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: testKey(key), ...at(1674197059220, 1) });
		expect(signer.sign(request).headers).toEqual({ Authorization: `LF ${KEY_ID}/${sign}`, timestamp: '1674197059220', nonce: '1', 'X-LF-Signature-Type': '2.0' });
	});

	test('a 1024-bit key gives a 172-character sign that the public key verifies over the message', () => {
		const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs8.pem'), ...at(1674197059220, 1) });
		const sign = signer.sign(VECTORS[2].request).headers.Authorization.split('/').slice(1).join('/');
		expect(sign).toHaveLength(172);
		const message = '{"bundle_id":"LP09823222320","bundle_type":10,"cycles":3,"nonce":"1","timestamp":"1674197059220","x-sign-uri":"/cube/v4/sims/89000100010003125832/bundle"}';
		expect(verify('sha1', Buffer.from(message), createPublicKey(testKey('team-rsa1024.public.pem')), Buffer.from(sign, 'base64'))).toBe(true);
	});

	test('sends the body as given and adds X-LF-Api-Version only when the request names one', () => {
		const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs1.pem'), ...at(1, 7) });
		const body = { bundle_id: 'LP1', bundle_type: 10 };
		const signed = signer.sign({ method: 'POST', path: BUNDLE, body, apiVersion: '2.0' });
		expect(signed.body).toBe(body);
		expect(signed.headers['X-LF-Api-Version']).toBe('2.0');
		const read = signer.sign({ method: 'GET', path: USAGE });
		expect(read.body).toBeUndefined();
		expect(read.headers).not.toHaveProperty('X-LF-Api-Version');
	});

	test('each request takes the clock and a fresh random nonce, a positive 32-bit integer', () => {
		let now = 1700000000000;
		const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs1.pem'), now: () => now++ });
		const nonces = new Set<string>();
		for (let i = 0; i < 50; i++) {
			const { headers } = signer.sign({ method: 'GET', path: USAGE });
			expect(headers.timestamp).toBe(String(1700000000000 + i));
			expect(Number(headers.nonce)).toBeGreaterThanOrEqual(1);
			expect(Number(headers.nonce)).toBeLessThanOrEqual(2 ** 31 - 1);
			nonces.add(headers.nonce);
		}
		expect(nonces.size).toBeGreaterThan(45);
	});

	test('the spec switches reach the message: stripped spaces and escaped non-ASCII sign differently', () => {
		const request: SignableRequest = { method: 'POST', path: '/cube/v4/sms', body: { sim_ids: ['1'], message: { type: 1, content: 'Hello 世界' } } };
		const signs = [{}, { stripSpaces: true }, { escapeNonAscii: true }].map((settings) => new SignV2Signer({ keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs1.pem'), settings, ...at(1, 1) }).sign(request).headers.Authorization);
		expect(new Set(signs).size).toBe(3);
	});

	test('the key is parsed once per signer, not per request', () => {
		const parse = jest.spyOn(crypto, 'createPrivateKey');
		try {
			const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs1.pem'), ...at(1, 1) });
			for (let i = 0; i < 3; i++) signer.sign({ method: 'GET', path: USAGE });
			expect(parse).toHaveBeenCalledTimes(1);
		} finally {
			parse.mockRestore();
		}
	});

	test('key id: trimmed, and refused when empty or unusable in `LF {keyId}/{sign}`', () => {
		const key = testKey('team-rsa1024.pkcs1.pem');
		expect(new SignV2Signer({ keyId: ` ${KEY_ID}\n`, privateKey: key }).keyId).toBe(KEY_ID);
		expect(new SignV2Signer({ keyId: 'Ou8a5lyzPjN86ikmLeFC', privateKey: key }).keyId).toBe('Ou8a5lyzPjN86ikmLeFC');
		for (const keyId of ['', '   ', 'abc/def', 'abc def', 'ключ', 'x'.repeat(129)]) {
			expect(() => new SignV2Signer({ keyId, privateKey: key })).toThrow(expect.objectContaining({ constructor: CubeValidationError, field: 'keyId' }));
		}
	});

	test('refuses a GET with a body and an API version a header cannot carry, before signing', () => {
		const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs1.pem') });
		expect(() => signer.sign({ method: 'get', path: USAGE, body: { a: 1 } })).toThrow(expect.objectContaining({ field: 'body' }));
		expect(() => signer.sign({ method: 'GET', path: USAGE, apiVersion: '2.0\r\nX: y' })).toThrow(expect.objectContaining({ field: 'apiVersion' }));
	});

	test('refuses a path carrying a query or not starting with "/", before signing', () => {
		const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs1.pem') });
		for (const path of [`${USAGE}?period_type=2`, 'cube/v4/sims', `${USAGE}#x`]) {
			expect(() => signer.sign({ method: 'GET', path })).toThrow(expect.objectContaining({ constructor: CubeValidationError, field: 'path' }));
		}
	});

	test('refuses an injected nonce outside 1 … 2^31−1', () => {
		for (const nonce of [0, -1, 2 ** 31, 1.5]) {
			const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs1.pem'), ...at(1, nonce) });
			expect(() => signer.sign({ method: 'GET', path: USAGE })).toThrow(RangeError);
		}
	});
});
