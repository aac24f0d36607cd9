import type { RunningSimulator } from '@linksfield-cube/simulator';
import { Expression, type IAuthenticateRuleResponseSuccessBody, type IHttpRequestOptions } from 'n8n-workflow';
import { LinksfieldCubeApi } from '../../credentials/LinksfieldCubeApi.credentials';
import { canonicalize, hmacSha1Base64, ENVIRONMENTS } from '@linksfield-cube/core';
import { credentialFor, startTestSimulator } from './harness/simulator';

const credential = new LinksfieldCubeApi();

let sim: RunningSimulator;
beforeAll(async () => {
	sim = await startTestSimulator();
});
afterAll(async () => await sim.close());

test('authenticate signs the body with the secret, adds the globals and the language, and never sends the secret', async () => {
	const signed = await credential.authenticate(credentialFor(sim), { url: 'x', method: 'POST', body: { device_id: '89852022018041800150' } });
	const body = signed.body as Record<string, unknown>;
	expect(body).toMatchObject({ device_id: '89852022018041800150', access_code: 'P000270', version: '2.0', timestamp: expect.stringMatching(/^\d{10}$/) });
	expect(body.sign).toBe(hmacSha1Base64(canonicalize(body), 'test-secret'));
	expect(signed.headers).toMatchObject({ 'Accept-Language': 'en-US' });
	expect(JSON.stringify(signed)).not.toContain('test-secret');
});

test('authenticate uses milliseconds when the credential says so, and a fresh timestamp per call', async () => {
	const first = await credential.authenticate(credentialFor(sim, { timestampUnit: 'ms' }), { url: 'x', body: {} });
	expect((first.body as Record<string, string>).timestamp).toMatch(/^\d{13}$/);
	await new Promise((r) => setTimeout(r, 5));
	const second = await credential.authenticate(credentialFor(sim, { timestampUnit: 'ms' }), { url: 'x', body: {} });
	expect((second.body as Record<string, string>).sign).not.toBe((first.body as Record<string, string>).sign);
});

test.each(ENVIRONMENTS)('the test request\'s base URL expression resolves for $value', (env) => {
	const url = Expression.resolveWithoutWorkflow(String(credential.test.request.baseURL).replace(/^=/, ''), { $credentials: { environment: env.value, baseUrl: 'http://127.0.0.1:9/' } });
	expect(url).toBe(env.value === 'custom' ? 'http://127.0.0.1:9' : env.baseUrl);
});

/** The credential test as n8n runs it: the signed test request, then "fail when get(body, key) === value". */
async function credentialTest(overrides: Record<string, string>) {
	const data = credentialFor(sim, overrides);
	const { request } = credential.test;
	const options = await credential.authenticate(data, { ...(request as IHttpRequestOptions), url: request.url! });
	const res = await fetch(sim.url + request.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(options.headers as Record<string, string>) }, body: JSON.stringify(options.body) });
	const body = (await res.json()) as Record<string, unknown>;
	const failed = (credential.test.rules as IAuthenticateRuleResponseSuccessBody[]).find((rule) => body[rule.properties.key] === rule.properties.value);
	return failed?.properties.message ?? 'OK';
}

test('the credential test passes with the right secret and fails with a wrong one', async () => {
	expect(await credentialTest({})).toBe('OK');
	expect(await credentialTest({ secret: 'wrong' })).toMatch(/invalid signature/);
	expect(await credentialTest({ accessCode: 'P999999' })).toMatch(/access code/);
});
