import { CubeClient } from '../../src/client/cube-client';
import { LegacyHmacSigner, legacyHmacSigner } from '../../src/signing/legacy/legacy-hmac-signer';
import type { SignableRequest, Signer } from '../../src/signing/signer';
import type { TransportRequest } from '../../src/transport/transport';

const ICCID = '89852022018041800192';

/** A transport that answers every request with `body` and keeps what it was given. */
function answering(body: unknown, status = 200) {
	const sent: TransportRequest[] = [];
	const transport = async (request: TransportRequest) => {
		sent.push(request);
		return { status, headers: {}, body: JSON.stringify(body) };
	};
	return { sent, transport };
}

describe('CubeClient signs through the signer it is built with', () => {
	it('hands each attempt to the signer and sends the headers and body it returns', async () => {
		const seen: SignableRequest[] = [];
		const signer: Signer = {
			scheme: 'legacy-hmac',
			sign: (request) => {
				seen.push(request);
				return { headers: { Authorization: `LF test/${seen.length}` }, body: { ...request.body, signed: true } };
			},
		};
		const api = answering({ code: '0000', success: true, data: { device_id: ICCID } });
		const client = new CubeClient({ baseUrl: 'http://cube.test/cube/v4', signer, transport: api.transport });
		await client.getSim(ICCID);
		expect(seen).toEqual([{ method: 'POST', path: '/cube/v4/device/queryDevice', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en-US' }, body: { device_id: ICCID } }]);
		expect(api.sent).toHaveLength(1);
		expect(api.sent[0]).toMatchObject({ method: 'POST', url: 'http://cube.test/cube/v4/device/queryDevice', headers: { Authorization: 'LF test/1', 'Accept-Language': 'en-US' }, body: { device_id: ICCID, signed: true } });
		client.close();
	});

	it("asks the signer what a refusal points at, and puts its answer on the error", async () => {
		const signer: Signer = {
			scheme: 'legacy-hmac',
			sign: (request) => ({ headers: {}, body: request.body }),
			diagnose: (refusal, context) => ({ settings: ['keyId'], hint: `check the key (${refusal.code}, ${context.request.path}, before: ${context.acceptedBefore})` }),
		};
		const api = answering({ code: 'CB-99-9401', success: false, message: 'refused' });
		const client = new CubeClient({ baseUrl: 'http://cube.test', signer, transport: api.transport });
		await expect(client.getSim(ICCID)).rejects.toMatchObject({ settings: ['keyId'], message: expect.stringContaining('check the key (CB-99-9401, /device/queryDevice, before: false)') });
		client.close();
	});
});

describe('legacyHmacSigner: the legacy signer from settings as the UIs store them', () => {
	it('reads the stored values the way the n8n credential and the Node-RED config node did', () => {
		const now = () => 1_700_000_000_123;
		const stored = legacyHmacSigner({ accessCode: ' P1 ', secret: 's', timestampUnit: 'ms', keyOrder: 'insertion', escapeNonAscii: 'true', now });
		const direct = new LegacyHmacSigner({ accessCode: 'P1', secret: 's', timestampUnit: 'ms', canonical: { order: 'insertion', asciiEscape: true }, now });
		const request = { method: 'POST', path: '/x', body: { b: '中', a: 1 } };
		expect(stored.sign(request)).toEqual(direct.sign(request));
		expect(stored.settings).toEqual({ timestampUnit: 'ms', canonical: { order: 'insertion', asciiEscape: true } });
		expect(legacyHmacSigner({ accessCode: 'P1', secret: 's', timestampUnit: 'us', keyOrder: '', escapeNonAscii: 'false' }).settings).toEqual({ timestampUnit: 's', canonical: { order: 'sorted', asciiEscape: false } });
	});

	it("diagnoses a refused signature with its own settings", () => {
		const signer = legacyHmacSigner({ accessCode: 'P1', secret: 's', timestampUnit: 'ms' });
		const request = { method: 'POST', path: '/x', body: { package_name: '中国' } };
		expect(signer.diagnose({ code: '1001', vendorMessage: 'timestamp expired' }, { request, acceptedBefore: false })).toMatchObject({ settings: ['timestampUnit', 'clock'], hint: expect.stringContaining('(now milliseconds)') });
		expect(signer.diagnose({ code: '2003', vendorMessage: 'SIM has an order in use' }, { request, acceptedBefore: false })).toBeUndefined();
	});
});
