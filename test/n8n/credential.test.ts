import type { RunningSimulator } from '@linksfield-cube/simulator';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { LinksfieldCubeApi } from '../../credentials/LinksfieldCubeApi.credentials';
import { canonicalize, CubeClient, hmacSha1Base64 } from '@linksfield-cube/core/node';
import { credentialSigning } from '../../credentials/LinksfieldCubeApi.credentials';
import { linksfieldCubeApiTest } from '../../credentials/credential-test';
import { LinksfieldCube } from '../../nodes/LinksfieldCube/LinksfieldCube.node';
import { LinksfieldCubeTrigger } from '../../nodes/LinksfieldCubeTrigger/LinksfieldCubeTrigger.node';
import { LinksfieldCubeUsageTrigger } from '../../nodes/LinksfieldCubeUsageTrigger/LinksfieldCubeUsageTrigger.node';
import { DEMO_PLAN_ORDER, DEMO_SIMS, startSimulator } from '@linksfield-cube/simulator';
import { CredentialTestContext } from 'n8n-core';
import { TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { runWorkflow, credentialFor, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

const credential = new LinksfieldCubeApi();

const sim = useTestSimulator();

test('authenticate signs the body with the secret, adds the globals and the language, and never sends the secret', async () => {
	const signed = await credential.authenticate(credentialFor(sim), { url: 'x', method: 'POST', body: { device_id: '89852022018041800150' } });
	const body = signed.body as Record<string, unknown>;
	expect(body).toMatchObject({ device_id: '89852022018041800150', access_code: TEST_ACCOUNT.accessCode, version: '2.0', timestamp: expect.stringMatching(/^\d{10}$/) });
	expect(body.sign).toBe(hmacSha1Base64(canonicalize(body), TEST_ACCOUNT.secret));
	expect(signed.headers).toMatchObject({ 'Accept-Language': 'en-US' });
	expect(JSON.stringify(signed)).not.toContain(TEST_ACCOUNT.secret);
});

test('authenticate uses milliseconds when the credential says so, and a fresh timestamp per call', async () => {
	const first = await credential.authenticate(credentialFor(sim, { timestampUnit: 'ms' }), { url: 'x', body: {} });
	expect((first.body as Record<string, string>).timestamp).toMatch(/^\d{13}$/);
	await new Promise((r) => setTimeout(r, 5));
	const second = await credential.authenticate(credentialFor(sim, { timestampUnit: 'ms' }), { url: 'x', body: {} });
	expect((second.body as Record<string, string>).sign).not.toBe((first.body as Record<string, string>).sign);
});

/** The credential's Test as n8n runs it: the function a node's `testedBy` names, in n8n-core's credential-test context. */
async function credentialTest(target: RunningSimulator, overrides: Record<string, unknown> = {}) {
	return await linksfieldCubeApiTest.call(new CredentialTestContext(), { id: 'c1', name: 'Cube', type: 'linksfieldCubeApi', data: credentialFor(target, overrides as ICredentialDataDecryptedObject) });
}

test('authenticate (the HTTP Request node) signs with Key order and Escape non-ASCII as saved', async () => {
	const signed = await credential.authenticate(credentialFor(sim, { keyOrder: 'insertion', escapeNonAscii: true }), { url: 'x', body: { package_name: '中国', device_id: '1' } });
	const body = signed.body as Record<string, unknown>;
	expect(body.sign).toBe(hmacSha1Base64(canonicalize(body, { order: 'insertion', asciiEscape: true }), TEST_ACCOUNT.secret));
	expect(body.sign).not.toBe(hmacSha1Base64(canonicalize(body), TEST_ACCOUNT.secret));
});

test('every node using the credential names the test function, and the function is on each of them', () => {
	for (const node of [new LinksfieldCube(), new LinksfieldCubeTrigger(), new LinksfieldCubeUsageTrigger()]) {
		expect(node.description.credentials![0]).toEqual({ name: 'linksfieldCubeApi', required: true, testedBy: 'linksfieldCubeApiTest', displayOptions: { show: { api: ['legacy'] } } });
		expect(node.methods.credentialTest.linksfieldCubeApiTest).toBe(linksfieldCubeApiTest);
	}
});

test('the credential test passes with the SIM count, and fails on a wrong secret naming it, never showing it', async () => {
	const ok = await credentialTest(sim);
	expect(ok).toEqual({ status: 'OK', message: expect.stringMatching(/^OK: Linksfield accepted the signed requests\. SIMs in use: \d+\.$/) });
	const bad = await credentialTest(sim, { secret: 'not-the-secret' });
	expect(bad.status).toBe('Error');
	expect(bad.message).toMatch(/Its last answer: 1001 Invalid signature\. .*the Secret is most likely wrong/);
	expect(bad.message).not.toContain('not-the-secret');
	expect((await credentialTest(sim, { accessCode: 'P999999' })).message).toMatch(/Unknown access_code.*Check “Access code” and “Environment”/);
});

describe('when the saved settings are refused, the test says which setting works', () => {
	const variants: RunningSimulator[] = [];
	afterAll(async () => {
		await Promise.all(variants.map((v) => v.close()));
	});
	const variant = async (options: Parameters<typeof startSimulator>[0]) => {
		const v = await startSimulator({ port: 0, seed: 'demo', ...options });
		variants.push(v);
		return v;
	};

	test('ms-strict: Timestamp unit = milliseconds; with it saved the test passes', async () => {
		const v = await variant({ timestampUnit: 'ms', timestampStrict: true });
		const refused = await credentialTest(v);
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/The configured settings were refused \(1003 Timestamp out of the allowed range.*\), but these work: “Timestamp unit” = milliseconds/);
		expect((await credentialTest(v, { timestampUnit: 'ms' })).status).toBe('OK');
	});

	test('insertion order and escaped unicode: both named; with them saved the test passes and the node orders with a Chinese plan name', async () => {
		const v = await variant({ signing: 'insertion', escapeUnicode: true });
		expect((await credentialTest(v)).message).toMatch(/but these work: “Key order” = as sent, “Escape non-ASCII” = on/);
		const fixed = { keyOrder: 'insertion', escapeNonAscii: true };
		expect((await credentialTest(v, fixed)).status).toBe('OK');
		const client = new CubeClient({ baseUrl: v.url, ...credentialSigning(credentialFor(v, fixed)) });
		await expect(client.orderPlan({ device_id: DEMO_SIMS.noPlan, ...DEMO_PLAN_ORDER })).resolves.toHaveProperty('order_id');
		client.close();
		// The action node signs with the credential's settings too: refused without them, naming the setting; fine with them.
		const refused = await runWorkflow(loadFixture('operation.workflow.json'), credentialFor(v));
		expect(refused.error('Cube')!.message).toMatch(/The signature was refused: check “Secret”.*“Key order” \(now sorted\)/);
		const fine = await runWorkflow(loadFixture('operation.workflow.json'), credentialFor(v, fixed));
		expect(fine.error('Cube')).toBeUndefined();
		expect(fine.output('Cube')).toHaveLength(1);
	});

	test('zh-CN credential: the diagnosis in Chinese', async () => {
		const v = await variant({ timestampUnit: 'ms', timestampStrict: true });
		expect((await credentialTest(v, { language: 'zh-CN' })).message).toMatch(/^当前设置被拒绝\(1003 时间戳超出允许范围.*\),但以下设置可用:“时间戳单位” = 毫秒/);
	});
});
