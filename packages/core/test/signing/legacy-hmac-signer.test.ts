import { CubeClient, type CubeClientOptions } from '../../src/client/cube-client';
import { CubeValidationError } from '../../src/results/errors';
import { LegacyHmacSigner } from '../../src/signing/legacy/legacy-hmac-signer';
import type { TransportRequest } from '../../src/transport/transport';

const ICCID = '89852022018041800192';
const GLOBALS = ['access_code', 'timestamp', 'version', 'sign'];

/** What the client sends today for one call, captured at its transport. */
async function sentByClient(options: Partial<CubeClientOptions>, run: (client: CubeClient) => Promise<unknown>): Promise<TransportRequest> {
	const sent: TransportRequest[] = [];
	const client = new CubeClient({
		baseUrl: 'http://127.0.0.1:1',
		accessCode: 'P000270',
		secret: 'legacy-signer-test-secret',
		...options,
		transport: async (request) => {
			sent.push(request);
			return { status: 200, headers: {}, body: JSON.stringify({ code: '0000', data: {}, message: 'success', success: true }) };
		},
	});
	await run(client);
	expect(sent).toHaveLength(1);
	return sent[0];
}

const CASES: Array<{ name: string; options: Partial<CubeClientOptions>; run: (client: CubeClient) => Promise<unknown> }> = [
	{ name: 'usage read, default settings', options: { now: () => 1643251754123 }, run: (c) => c.getUsage(ICCID) },
	{
		name: 'ms timestamps, escaped non-ASCII in insertion order, another version',
		options: { now: () => 1643253530999, timestampUnit: 'ms', version: '3.0', canonical: { order: 'insertion', asciiEscape: true } },
		run: (c) => c.request('/order/custom', { package_name: 'C_M_0_P_中国20M不限速月套餐', deviceList: [ICCID], empty: '' }),
	},
	{ name: 'custom call with nested params', options: { now: () => 1700000000000 }, run: (c) => c.request('/x/y', { b: { d: 1, c: [2, 1] }, a: 'x y' }) },
];

describe('LegacyHmacSigner', () => {
	test.each(CASES)('sends exactly what the client sends today: $name', async ({ options, run }) => {
		const sent = await sentByClient(options, run);
		const params = Object.fromEntries(Object.entries(sent.body!).filter(([k]) => !GLOBALS.includes(k)));
		const signer = new LegacyHmacSigner({
			accessCode: 'P000270',
			secret: 'legacy-signer-test-secret',
			now: options.now,
			timestampUnit: options.timestampUnit,
			version: options.version,
			canonical: options.canonical,
		});
		const signed = signer.sign({ method: 'POST', path: new URL(sent.url).pathname, headers: sent.headers, body: params });
		expect(signed.headers).toEqual({});
		// Same keys, same order, same values: the bytes on the wire are the same.
		expect(JSON.stringify(signed.body)).toBe(JSON.stringify(sent.body));
	});

	test('names its scheme and does not change the params it is given', () => {
		const signer = new LegacyHmacSigner({ accessCode: 'P1', secret: 's', now: () => 0 });
		const body = { device_id: ICCID };
		const signed = signer.sign({ method: 'POST', path: '/flow/queryDeviceFlowUsage', body });
		expect(signer.scheme).toBe('legacy-hmac');
		expect(body).toEqual({ device_id: ICCID });
		expect(signed.body).toMatchObject({ device_id: ICCID, access_code: 'P1', timestamp: '0', version: '2.0' });
	});

	test('refuses a secret without an access code, naming the field', () => {
		expect(() => new LegacyHmacSigner({ accessCode: '', secret: 's' })).toThrow(expect.objectContaining({ constructor: CubeValidationError, field: 'accessCode' }));
	});
});
