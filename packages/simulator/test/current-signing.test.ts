import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignV2Signer } from '@linksfield-cube/core';
import { DEMO_KEY_FILE, keyIdOf, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { call, codeOf, KEY_ID, PRIVATE_PEM, SIM_IN_USE, startCurrent, testSigner } from './current-fixture';

/** Sign v2 as the simulator verifies it (spec §2): 401 for a missing or malformed Authorization, 403 for the rest. */

describe('current API sign v2 verification', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startCurrent();
	});
	afterAll(() => sim.close());

	it('accepts a request signed with a configured key, with and without the /cube/v4 base', async () => {
		const withBase = await call(sim, { path: `/sims/${SIM_IN_USE}` });
		expect(withBase.status).toBe(200);
		expect(withBase.json.status).toEqual({ code: 'CB-00-0000', message: 'Success', detail: null });
		const bare = await call(sim, { path: `/sims/${SIM_IN_USE}`, base: '' });
		expect([bare.status, codeOf(bare)]).toEqual([200, 'CB-00-0000']);
	});

	it('verifies query values, array values and body fields as the client signed them', async () => {
		const query = await call(sim, { path: `/sims/${SIM_IN_USE}/bundles`, query: { status: ['0', '1'], page_size: 5 } });
		expect(codeOf(query)).toBe('CB-00-0000');
		const body = await call(sim, { method: 'POST', path: '/sms', body: { sim_ids: [SIM_IN_USE], message: { type: 1, content: '你好 world' } } });
		expect(codeOf(body)).toBe('CB-00-0000');
	});

	it.each([
		['missing', { Authorization: null }],
		['without the LF scheme', { Authorization: `${KEY_ID}/abc` }],
		['without a key id', { Authorization: 'LF abc' }],
	])('answers HTTP 401 / CB-99-9401 for an Authorization %s', async (_case, headers) => {
		const r = await call(sim, { path: `/sims/${SIM_IN_USE}`, headers });
		expect([r.status, codeOf(r)]).toEqual([401, 'CB-99-9401']);
	});

	it('answers HTTP 403 / CB-99-9403 for a wrong signature, an unknown key id, or a tampered request', async () => {
		const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
		const wrongKey = await call(sim, { path: `/sims/${SIM_IN_USE}`, signer: new SignV2Signer({ keyId: KEY_ID, privateKey: other }) });
		expect([wrongKey.status, codeOf(wrongKey)]).toEqual([403, 'CB-99-9403']);
		expect(wrongKey.json.status.message).toContain('signature mismatch');
		const unknownId = await call(sim, { path: `/sims/${SIM_IN_USE}`, signer: new SignV2Signer({ keyId: 'someone-else', privateKey: PRIVATE_PEM }) });
		expect([unknownId.status, unknownId.json.status.message]).toEqual([403, 'Authentication failed: unknown key id someone-else']);
		// Signed for one SIM, sent for another: x-sign-uri no longer matches.
		const signed = testSigner().sign({ method: 'GET', path: `/cube/v4/sims/${SIM_IN_USE}` });
		const otherPath = await call(sim, { path: '/sims/89852022018041800193', unsigned: true, headers: signed.headers });
		expect([otherPath.status, codeOf(otherPath)]).toEqual([403, 'CB-99-9403']);
		// A body changed after signing.
		const sms = { sim_ids: [SIM_IN_USE], message: { type: 1, content: 'one' } };
		const signedBody = testSigner().sign({ method: 'POST', path: '/cube/v4/sms', body: sms });
		const tampered = await call(sim, { method: 'POST', path: '/sms', unsigned: true, headers: signedBody.headers, rawBody: JSON.stringify({ ...sms, message: { type: 1, content: 'two' } }) });
		expect([tampered.status, codeOf(tampered)]).toEqual([403, 'CB-99-9403']);
	});

	it('refuses a timestamp more than 10 minutes from its clock, either way, and a missing nonce', async () => {
		const at = (offsetMs: number) => testSigner({ now: () => Date.now() + offsetMs });
		expect(codeOf(await call(sim, { path: `/sims/${SIM_IN_USE}`, signer: at(-9 * 60_000) }))).toBe('CB-00-0000');
		for (const offset of [-11 * 60_000, 11 * 60_000]) {
			const r = await call(sim, { path: `/sims/${SIM_IN_USE}`, signer: at(offset) });
			expect([r.status, codeOf(r)]).toEqual([403, 'CB-99-9403']);
			expect(r.json.status.message).toMatch(/s away from the server time/);
		}
		const noNonce = await call(sim, { path: `/sims/${SIM_IN_USE}`, headers: { nonce: null } });
		expect([noNonce.status, noNonce.json.status.message]).toEqual([403, 'Authentication failed: the nonce header is missing']);
	});

	it('counts the rejections for the admin', async () => {
		await call(sim, { path: `/sims/${SIM_IN_USE}`, headers: { Authorization: null } });
		const counters = sim.admin.current.counters();
		expect(counters.rejectedAuthorization).toBeGreaterThanOrEqual(1);
		expect(counters.rejectedSignatures).toBeGreaterThanOrEqual(1);
	});
});

describe('the demo key pair', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'cube-sim-keys-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('is generated at the first start, kept in the state folder, and accepted on the next start', async () => {
		const first = await startSimulator({ port: 0, current: { stateDir: dir, limits: { perSecond: 0, concurrent: 0, dailyQuota: 0 } } });
		try {
			const demo = first.demoKey!;
			expect(demo.privateKeyPath).toBe(path.join(dir, DEMO_KEY_FILE));
			expect(readFileSync(demo.privateKeyPath, 'utf8')).toBe(demo.privateKeyPem);
			expect(demo.keyId).toBe(keyIdOf(createPublicKey(createPrivateKey(demo.privateKeyPem))));
			expect(demo.keyId).toMatch(/^[0-9a-f]{32}$/);
			expect(first.admin.current.info()).toMatchObject({ keyIds: [demo.keyId], demoKey: { keyId: demo.keyId, privateKeyPath: demo.privateKeyPath } });
			const r = await call(first, { path: `/sims/${SIM_IN_USE}`, signer: new SignV2Signer({ keyId: demo.keyId, privateKey: readFileSync(demo.privateKeyPath, 'utf8') }) });
			expect(codeOf(r)).toBe('CB-00-0000');
		} finally {
			await first.close();
		}
		const second = await startSimulator({ port: 0, current: { stateDir: dir } });
		try {
			expect(second.demoKey!.keyId).toBe(first.demoKey!.keyId);
		} finally {
			await second.close();
		}
	});

	it('is not used when keys are given, unless asked for', async () => {
		const other = path.join(dir, 'other');
		const given = await startCurrent({ current: { stateDir: other } });
		try {
			expect(given.demoKey).toBeUndefined();
			expect(existsSync(path.join(other, DEMO_KEY_FILE))).toBe(false);
			expect(given.admin.current.info().keyIds).toEqual([KEY_ID]);
		} finally {
			await given.close();
		}
		const both = await startCurrent({ current: { stateDir: dir, demoKey: true } });
		try {
			expect(both.admin.current.info().keyIds).toEqual([KEY_ID, both.demoKey!.keyId]);
		} finally {
			await both.close();
		}
	});

	it('refuses a key that is not RSA, and a key id given twice', async () => {
		const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
		await expect(startCurrent({ current: { keys: [{ keyId: 'ec', publicKey: ec }] } })).rejects.toThrow(/must be an RSA key/);
		await expect(startCurrent({ current: { keys: [{ keyId: 'k', publicKey: PRIVATE_PEM }, { keyId: 'k', publicKey: PRIVATE_PEM }] } })).rejects.toThrow(/given twice/);
	});
});
