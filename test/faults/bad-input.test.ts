import { CubeClient, CubeValidationError } from '@linksfield-cube/core/node';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { startTestSimulator, TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { BAD_INPUTS } from './bad-inputs';

let sim: RunningSimulator;
let client: CubeClient;
beforeAll(async () => {
	sim = await startTestSimulator();
	client = new CubeClient({ baseUrl: sim.url, accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret });
});
afterAll(async () => {
	client.close();
	await sim.close();
});

test('the catalogue has at least 30 bad inputs over at least 10 operations', () => {
	expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
	expect(new Set(BAD_INPUTS.map((b) => b.operation)).size).toBeGreaterThanOrEqual(10);
});

test.each(BAD_INPUTS.map((b) => [b.operation, b.field, b] as const))('core refuses %s naming %s, sending nothing', async (_op, field, bad) => {
	sim.admin.clearRequests();
	const options = { extra: bad.extra, path: bad.path };
	const error = await (bad.operation === 'usage.getMany' ? client.getUsageMany(bad.params.device_ids) : client.call(bad.operation, bad.params, options)).catch((e) => e);
	expect(error).toBeInstanceOf(CubeValidationError);
	expect(error.field).toBe(field);
	expect(error.message).toContain(`"${field}"`);
	expect(sim.admin.requests()).toEqual([]);
});

test('the request log does see a valid call (so "nothing sent" above can fail)', async () => {
	sim.admin.clearRequests();
	await client.getUsage('89852022018041800192');
	expect(sim.admin.requests()).toHaveLength(1);
});
