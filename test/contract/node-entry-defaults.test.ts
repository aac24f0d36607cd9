import { checkSigning, createAxiosTransport, detectSigning, SigningDetectionError, type Transport } from '@linksfield-cube/core/node';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { startTestSimulator, TEST_ACCOUNT } from '@linksfield-cube/testkit';

/**
 * The Node entry's detectSigning and checkSigning need no transport, as its CubeClient does not: axios by default,
 * with the proxy / TLS options of CubeClientOptions; a transport that is passed is the one used.
 */

let sim: RunningSimulator;
beforeAll(async () => {
	sim = await startTestSimulator({ timestampUnit: 'ms', timestampStrict: true });
});
afterAll(() => sim?.close());

const account = () => ({ baseUrl: sim.url, accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret, language: 'en-US' as const, timeoutMs: 2000 });

test('detectSigning without a transport sends through axios and finds the settings', async () => {
	const found = await detectSigning(account());
	expect(found).toMatchObject({ timestampUnit: 'ms', changed: ['timestampUnit'] });
	expect(found.simCount).toBeGreaterThan(0);
});

test('checkSigning without a transport reports what works', async () => {
	const report = await checkSigning(account());
	expect(report).toMatchObject({ ok: true, settings: { timestampUnit: 'ms' } });
});

test('the proxy option reaches the default transport: an unreachable proxy is no usable answer', async () => {
	const run = detectSigning({ ...account(), proxy: 'http://127.0.0.1:9', retry: { retries: 0 } });
	await expect(run).rejects.toThrow(SigningDetectionError);
	await expect(run).rejects.toThrow(/proxy/i);
});

test('a transport that is passed is the one that sends', async () => {
	const axios = createAxiosTransport();
	let sent = 0;
	const counting: Transport = (req) => {
		sent++;
		return axios(req);
	};
	const report = await checkSigning({ ...account(), transport: counting }).finally(() => axios.close());
	expect(report.ok).toBe(true);
	expect(sent).toBeGreaterThan(1);
});
