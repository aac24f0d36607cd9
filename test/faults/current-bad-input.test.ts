import { createCurrentClient, CubeValidationError, type CubeClient } from '@linksfield-cube/core/node';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { currentClientFor, KEY_ID, startCurrentSim, testKey } from '../contract/current-fixture';
import { describeInput } from './bad-inputs';
import { currentBadInputs } from './current-bad-inputs';

/** The current API's bad inputs and malformed keys are refused before anything is signed or sent, naming the field. */

let sim: RunningSimulator;
let client: CubeClient;
beforeAll(async () => {
	sim = await startCurrentSim();
	client = currentClientFor(sim);
});
afterAll(async () => {
	client.close();
	await sim.close();
});

const BAD = currentBadInputs();

test('the catalogue covers at least 50 bad inputs over at least 10 current operations', () => {
	expect(BAD.length).toBeGreaterThanOrEqual(50);
	expect(new Set(BAD.map((b) => b.operation)).size).toBeGreaterThanOrEqual(10);
});

test.each(BAD.map((b) => [b.operation, b.field, describeInput(b), b] as const))('%s refuses %s (%s), sending nothing', async (_op, field, _input, bad) => {
	sim.admin.clearRequests();
	const error = await client.call(bad.operation, bad.params, { path: bad.path }).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(CubeValidationError);
	expect(error).toMatchObject({ field, operation: bad.operation });
	expect((error as Error).message).toContain(`"${field}"`);
	expect(sim.admin.requests()).toEqual([]);
});

const KEY_BODY = testKey('team-rsa1024.pkcs8.pem').split('\n').slice(1, -2).join('');
const malformedKeys: Array<[string, { keyId?: string; privateKey?: string }, string]> = [
	['an empty key id', { keyId: '' }, 'keyId'],
	['a key id with a space', { keyId: 'key id' }, 'keyId'],
	['an empty private key', { privateKey: '' }, 'privateKey'],
	['the key without its PEM lines', { privateKey: KEY_BODY }, 'privateKey'],
	['the public key', { privateKey: testKey('team-rsa1024.public.pem') }, 'privateKey'],
	['a certificate', { privateKey: testKey('refused-certificate.pem') }, 'privateKey'],
	['a passphrase-protected key', { privateKey: testKey('refused-encrypted.pkcs8.pem') }, 'privateKey'],
	['an EC key', { privateKey: testKey('refused-ec.pkcs8.pem') }, 'privateKey'],
	['a cut key', { privateKey: testKey('team-rsa1024.pkcs8.pem').slice(0, 300) }, 'privateKey'],
];

test.each(malformedKeys)('%s is refused when the client is built, naming %s, never echoing the key', (_name, given, field) => {
	sim.admin.clearRequests();
	let error: unknown;
	try {
		createCurrentClient({ baseUrl: `${sim.url}/cube/v4`, keyId: KEY_ID, privateKey: testKey('team-rsa1024.pkcs8.pem'), ...given });
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(CubeValidationError);
	expect(error).toMatchObject({ field });
	expect((error as Error).message).not.toContain(KEY_BODY.slice(10, 60));
	expect(sim.admin.requests()).toEqual([]);
});

test('the request log does see a valid call (so "nothing sent" above can fail)', async () => {
	sim.admin.clearRequests();
	await client.call('current.sim.get', { sim_id: '89852022018041800192' });
	expect(sim.admin.requests()).toHaveLength(1);
});
