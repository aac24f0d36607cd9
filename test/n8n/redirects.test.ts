import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { startRedirectingServer, startStrangerServer, type RecordingServer } from '@linksfield-cube/testkit';
import { runWorkflow, withParameters, credentialFor, findOrder, workflowLoader, useTestSimulator, SECRETS } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';
import { CredentialTestContext } from 'n8n-core';
import { linksfieldCubeApiTest } from '../../credentials/credential-test';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/**
 * A signed request is never sent anywhere but the configured base URL: redirects answered to the nodes' requests
 * go through n8n's real HTTP helper (n8n-core's httpRequest, which follows up to 21 by default) and are not
 * followed. The stranger's server records what a followed redirect would have handed it.
 */

const sim = useTestSimulator();

let stranger: RecordingServer;
let redirector: RecordingServer | undefined;
beforeAll(async () => {
	stranger = await startStrangerServer();
});
afterAll(() => stranger.close());
afterEach(async () => {
	await redirector?.close();
	redirector = undefined;
	stranger.received.length = 0;
});

const CONTINUE = { onError: 'continueRegularOutput' };
const renew = (orderId: string) => withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'renew', order_id: orderId, renew_period: 1 }, CONTINUE);
const usage = () => withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'usage', operation: 'get', device_id: DEMO_ICCIDS[0] }, CONTINUE);

async function redirectTo(status: number, to: string) {
	redirector = await startRedirectingServer(status, to);
	return credentialFor(sim, { baseUrl: redirector.url });
}

test.each([307, 308])('a renew answered %i towards another host: nothing reaches it, the error names the status and the target, not carried out', async (status) => {
	const order = findOrder(sim, '1');
	const result = await runWorkflow(renew(order.orderCode), await redirectTo(status, stranger.url));
	expect(stranger.received).toEqual([]);
	expect(redirector!.received).toHaveLength(1);
	const target = `${stranger.url}/package/renewPackage`;
	expect(result.output('Cube')).toEqual([
		expect.objectContaining({ kind: 'http', httpStatus: status, redirectedTo: target, outcome: 'failed', operation: 'plan.renew', attempts: 1, error: expect.stringContaining(`redirected (HTTP ${status}) to ${target}, not followed`) }),
	]);
	expect(JSON.stringify(result.run)).not.toContain(SECRETS[0]);
});

test('a renew answered 308 towards the API itself is not re-sent there: renewed 0 times, not reported as renewed once', async () => {
	const order = findOrder(sim, '1');
	const result = await runWorkflow(renew(order.orderCode), await redirectTo(308, sim.url));
	expect(sim.admin.counters().renewalsByOrder).toEqual({});
	expect(sim.admin.counters().requests).toBe(0);
	expect(result.output('Cube')).toEqual([expect.objectContaining({ httpStatus: 308, redirectedTo: `${sim.url}/package/renewPackage`, outcome: 'failed' })]);
});

test.each([301, 302, 303])('a renew answered %i: no GET reported as the renewal — outcome unknown, nothing sent to the target', async (status) => {
	const order = findOrder(sim, '1');
	const result = await runWorkflow(renew(order.orderCode), await redirectTo(status, stranger.url));
	expect(stranger.received).toEqual([]);
	expect(result.output('Cube')).toEqual([expect.objectContaining({ kind: 'http', httpStatus: status, outcome: 'unknown', error: expect.stringContaining('Outcome unknown') })]);
});

test('a read answered 302: its signature goes nowhere else, and it is not retried (the same answer would come)', async () => {
	const result = await runWorkflow(usage(), await redirectTo(302, stranger.url));
	expect(stranger.received).toEqual([]);
	expect(redirector!.received).toHaveLength(1);
	expect(result.output('Cube')).toEqual([expect.objectContaining({ kind: 'http', httpStatus: 302, redirectedTo: `${stranger.url}/flow/queryDeviceFlowUsage`, operation: 'usage.get' })]);
});

test('without Continue On Fail the node fails with the same words (NodeApiError)', async () => {
	const order = findOrder(sim, '1');
	const result = await runWorkflow(withParameters(renew(order.orderCode), 'Cube', {}, { onError: 'stopWorkflow' }), await redirectTo(307, stranger.url));
	expect(result.run.status).toBe('error');
	expect(result.error('Cube')!.message).toContain(`redirected (HTTP 307) to ${stranger.url}/package/renewPackage, not followed`);
	expect(stranger.received).toEqual([]);
});

test("the credential's Test (signed reads through the platform's fetch) does not follow a redirect either", async () => {
	const data = await redirectTo(307, stranger.url);
	const result = await linksfieldCubeApiTest.call(new CredentialTestContext(), { id: 'c1', name: 'Cube', type: 'linksfieldCubeApi', data });
	expect(stranger.received).toEqual([]);
	expect(result.status).toBe('Error');
	expect(result.message).toContain('redirected (HTTP 307)');
});
