import { checkSigning, createAxiosTransport, CubeApiError, detectSigning, SigningDetectionError, type CubeClientOptions } from '@linksfield-cube/core/node';
import type { RunningSimulator, SimulatorOptions } from '@linksfield-cube/simulator';
import { ACCESS_CODE, clientFor, PLAN_1GB, SECRET, SIM_IN_USE, SIM_NO_PLAN, startSim } from './simulator-fixture';

/**
 * detectSigning against the simulator in each variant a real server might use: it finds the settings, a
 * client with them then succeeds, it only ever reads, and it stays within a handful of requests.
 */

const transport = createAxiosTransport();
const sims: RunningSimulator[] = [];
async function variant(options: SimulatorOptions = {}) {
	const sim = await startSim(options);
	sims.push(sim);
	return sim;
}
afterAll(async () => {
	transport.close();
	await Promise.all(sims.map((s) => s.close()));
});

const detect = (sim: RunningSimulator, options: Partial<CubeClientOptions> = {}) =>
	detectSigning({ baseUrl: sim.url, accessCode: ACCESS_CODE, secret: SECRET, language: 'en-US', timeoutMs: 2000, transport, ...options });

/** Paths the simulator saw: detection must never touch a write. */
const paths = (sim: RunningSimulator) => sim.admin.requests().map((r) => r.path);
const [ORDERS, SIMS] = ['/package/queryOrder', '/device/syncAssetInfo'];
const READS = [ORDERS, SIMS];

test('the configured settings work: three reads, nothing changed, the SIM count', async () => {
	const sim = await variant();
	const client = clientFor(sim);
	const inUse = (await client.getSimsInUse()).length;
	client.close();
	sim.admin.clearRequests();
	const found = await detect(sim);
	expect(found).toMatchObject({ timestampUnit: 's', canonical: { order: 'sorted', asciiEscape: false }, changed: [], nonAsciiAccepted: true, simCount: inUse });
	expect(inUse).toBeGreaterThan(0);
	expect(paths(sim)).toEqual([ORDERS, ORDERS, SIMS]);
});

test('ms-strict: finds milliseconds after the server refuses seconds; a client with the result succeeds', async () => {
	const sim = await variant({ timestampUnit: 'ms', timestampStrict: true });
	const found = await detect(sim);
	expect(found).toMatchObject({ timestampUnit: 'ms', canonical: { order: 'sorted', asciiEscape: false }, changed: ['timestampUnit'] });
	expect(found.attempts[0]).toMatchObject({ ok: false, code: '1003', problem: 'timestamp' });
	const client = clientFor(sim, { timestampUnit: found.timestampUnit, canonical: found.canonical });
	await expect(client.getUsage(SIM_IN_USE)).resolves.toHaveProperty('orderId');
	client.close();
});

test('insertion order: finds it after a signature refusal; a client with the result succeeds', async () => {
	const sim = await variant({ signing: 'insertion' });
	const found = await detect(sim);
	expect(found).toMatchObject({ timestampUnit: 's', canonical: { order: 'insertion', asciiEscape: false }, changed: ['keyOrder'] });
	expect(found.attempts[0]).toMatchObject({ ok: false, code: '1001', problem: 'signature' });
	const client = clientFor(sim, { canonical: found.canonical });
	await expect(client.getUsage(SIM_IN_USE)).resolves.toHaveProperty('orderId');
	client.close();
});

test('escaped unicode: a Chinese order fails naming "Escape non-ASCII"; detection finds escaping and the order then succeeds', async () => {
	const sim = await variant({ escapeUnicode: true });
	const plain = clientFor(sim);
	await plain.getUsage(SIM_IN_USE); // ASCII requests work…
	const refused = await plain.orderPlan({ device_id: SIM_NO_PLAN, ...PLAN_1GB }).catch((e: CubeApiError) => e);
	plain.close();
	expect(refused).toBeInstanceOf(CubeApiError);
	expect((refused as CubeApiError).settings?.[0]).toBe('escapeNonAscii');
	expect((refused as CubeApiError).message).toMatch(/Only requests with non-ASCII text .* are refused: switch “Escape non-ASCII” \(now off\)/);

	sim.admin.clearRequests();
	const found = await detect(sim);
	expect(found).toMatchObject({ timestampUnit: 's', canonical: { order: 'sorted', asciiEscape: true }, changed: ['escapeNonAscii'], nonAsciiAccepted: true });
	expect(paths(sim)).toEqual([ORDERS, ORDERS, ORDERS, SIMS]);
	const fixed = clientFor(sim, { canonical: found.canonical });
	await expect(fixed.orderPlan({ device_id: SIM_NO_PLAN, ...PLAN_1GB })).resolves.toHaveProperty('order_id');
	fixed.close();
});

test('all three at once: found within seven requests, all of them reads', async () => {
	const sim = await variant({ timestampUnit: 'ms', timestampStrict: true, signing: 'insertion', escapeUnicode: true });
	const found = await detect(sim);
	expect(found).toMatchObject({ timestampUnit: 'ms', canonical: { order: 'insertion', asciiEscape: true } });
	expect(found.changed.sort()).toEqual(['escapeNonAscii', 'keyOrder', 'timestampUnit']);
	expect(paths(sim).length).toBeLessThanOrEqual(7);
	expect(paths(sim).every((p) => READS.includes(p))).toBe(true);
});

test('a wrong secret: rejects listing every attempt and the server\'s answer, four reads, no write', async () => {
	const sim = await variant();
	const err = (await detect(sim, { secret: 'wrong-secret' }).catch((e) => e)) as SigningDetectionError;
	expect(err).toBeInstanceOf(SigningDetectionError);
	expect(err.attempts).toHaveLength(4);
	expect(err.attempts.every((a) => a.code === '1001' && a.problem === 'signature')).toBe(true);
	expect(err.message).toMatch(/No signing settings were accepted/);
	expect(err.message).toMatch(/timestamp in milliseconds, keys as sent, non-ASCII as UTF-8 → 1001 Invalid signature/);
	expect(err.message).not.toContain('wrong-secret');
	// What support needs: the exact string that was signed, never the secret.
	expect(err.attempts[0].signedContent).toMatch(new RegExp(`^\\{"access_code":"${ACCESS_CODE}","page_no":1,"page_size":1,"timestamp":"\\d{10}","version":"2.0"\\}$`));
	expect(err.attempts[1].signedContent).toMatch(new RegExp(`^\\{"page_no":1,"page_size":1,"access_code":"${ACCESS_CODE}","timestamp":"\\d{10}","version":"2.0"\\}$`));
	expect(paths(sim)).toEqual(Array(4).fill(ORDERS));
});

test('an unknown access code stops at once: no setting can fix it', async () => {
	const sim = await variant();
	const err = (await detect(sim, { accessCode: 'P123456' }).catch((e) => e)) as SigningDetectionError;
	expect(err.attempts).toHaveLength(1);
	expect(err.problem).toBe('access-code');
});

test('under the server\'s rate limit it waits instead of failing', async () => {
	const sim = await variant({ timestampUnit: 'ms', timestampStrict: true, rateLimit: { perSecond: 1, burst: 1 } });
	const found = await detect(sim, { retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 50 } });
	expect(found.timestampUnit).toBe('ms');
	expect(sim.admin.counters().rateLimited).toBeGreaterThan(0);
}, 15000);

test('the hint follows the client\'s language: a zh-CN timestamp refusal names 时间戳单位', async () => {
	const sim = await variant({ timestampUnit: 'ms', timestampStrict: true });
	const client = clientFor(sim, { language: 'zh-CN' });
	const err = (await client.getUsage(SIM_IN_USE).catch((e) => e)) as CubeApiError;
	client.close();
	expect(err.vendorMessage).toMatch(/^时间戳超出允许范围/);
	expect(err.settings).toEqual(['timestampUnit', 'clock']);
	expect(err.message).toMatch(/请检查“时间戳单位”\(当前:秒\)与本机时钟/);
});

/**
 * A setting is "working" only when a request with it was accepted. Servers that refuse in words naming nothing,
 * rate-limit, or fail: the check says what happened and never reports an unchecked setting as working.
 */
describe('only an accepted request verifies a setting', () => {
	const check = (sim: RunningSimulator, options: Partial<CubeClientOptions> = {}) =>
		checkSigning({ baseUrl: sim.url, accessCode: ACCESS_CODE, secret: SECRET, language: 'en-US', timeoutMs: 2000, transport, retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 20 }, ...options });

	test('a server that wants \\uXXXX and refuses with a generic "9001 Request refused": escaping is found, not "off"', async () => {
		const sim = await variant({ escapeUnicode: true, genericRefusals: true });
		const found = await detect(sim);
		expect(found.attempts[1]).toMatchObject({ probe: 'nonAscii', ok: false, outcome: 'refused', code: '9001', settings: { canonical: { asciiEscape: false } } });
		expect(found).toMatchObject({ canonical: { asciiEscape: true }, changed: ['escapeNonAscii'], nonAscii: 'accepted', nonAsciiAccepted: true });
		expect(found.interrupted).toBeUndefined();
		const report = await check(sim);
		expect(report).toMatchObject({ ok: true, verified: true, configuredWork: false, unverified: [], changes: [{ setting: 'escapeNonAscii', value: true }] });
		expect(report.summary).toMatch(/^The configured settings were refused \(9001 Request refused\), but these work: “Escape non-ASCII” = on\./);
	});

	test('non-ASCII text refused whichever way it is written (generic text): not verified, never OK', async () => {
		const sim = await variant({ faults: [{ kind: 'business', code: '9001', message: 'Request refused', nonAscii: true }] });
		const found = await detect(sim);
		expect(found).toMatchObject({ nonAscii: 'refused', nonAsciiAccepted: false, changed: [] });
		expect(found.attempts.filter((a) => a.probe === 'nonAscii').map((a) => a.settings.canonical.asciiEscape)).toEqual([false, true]);
		const report = await check(sim);
		expect(report).toMatchObject({ ok: true, verified: false, configuredWork: false, unverified: ['escapeNonAscii'] });
		expect(report.summary).toMatch(/^Linksfield accepted 2 of the 4 signed requests, with the configured settings\. Requests with non-ASCII text \(such as a Chinese plan name\) were refused whichever way it was written \(9001 Request refused; 9001 Request refused\)/);
		expect(report.summary).not.toMatch(/OK/);
	});

	test('a first answer, then 429s: said as rate limiting, the unchecked setting named, never OK', async () => {
		const sim = await variant({ faults: [{ kind: 'rate-limit', skip: 1, retryAfterSeconds: 0 }] });
		const found = await detect(sim, { retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 20 } });
		expect(found).toMatchObject({ nonAscii: 'unchecked', nonAsciiAccepted: false, interrupted: 'rate-limited', simCount: undefined });
		// Nothing more is sent into the limit once it answered 429: the plain read, then the non-ASCII read and its retry.
		expect(paths(sim)).toEqual([ORDERS, ORDERS, ORDERS]);
		sim.admin.setFaults([{ kind: 'rate-limit', skip: 1, retryAfterSeconds: 0 }]);
		const report = await check(sim);
		expect(report).toMatchObject({ ok: true, verified: false, configuredWork: false, interrupted: 'rate-limited', unverified: ['escapeNonAscii'] });
		expect(report.summary).toMatch(/^Linksfield accepted 1 of the 2 signed requests, with the configured settings\. Then it rate-limited the check \(.*HTTP 429.*\): “Escape non-ASCII” and the SIM count were not checked\. Run the check again in a minute\.$/);
	});

	test('HTTP 500 on the non-ASCII request: said as a server error, not "refused whichever way it was written"', async () => {
		const sim = await variant({ faults: [{ kind: 'status', status: 500, nonAscii: true }] });
		const report = await check(sim);
		expect(report).toMatchObject({ ok: true, verified: false, configuredWork: false, interrupted: 'server-error', unverified: ['escapeNonAscii'] });
		expect(report.attempts.filter((a) => /Chinese text/.test(a))).toHaveLength(1);
		expect(report.summary).toMatch(/Then it failed with a server error \(.*HTTP 500.*\): “Escape non-ASCII” and the SIM count were not checked/);
		expect(report.summary).not.toMatch(/whichever way|^OK/);
	});

	test('429 from the first request on: nothing verified, said as rate limiting, not as refused settings', async () => {
		const sim = await variant({ faults: [{ kind: 'rate-limit', retryAfterSeconds: 0 }] });
		const report = await check(sim);
		expect(report).toMatchObject({ ok: false, verified: false, interrupted: 'rate-limited' });
		expect(report.summary).toMatch(/^Linksfield rate-limited the check before any signing setting was accepted \(.*HTTP 429.*\): nothing was verified\./);
		expect(paths(sim)).toEqual([ORDERS, ORDERS]);
	});
});
