import { DEFAULT_ACCOUNT, DEMO_EXAMPLE_ORDER, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { makeThrowawayCa, type ThrowawayCa } from '@linksfield-cube/testkit';
import { runWorkflow, withParameters, credentialFor, workflowLoader } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/**
 * The n8n node against the simulator served over HTTPS with a certificate from a CA n8n does not know: the
 * credential's "Ignore SSL Issues (Insecure)" is off by default, and then a renew is refused before anything
 * is sent, with outcome failed and the certificate named.
 */

let ca: ThrowawayCa;
let sim: RunningSimulator;
beforeAll(async () => {
	ca = makeThrowawayCa();
	sim = await startSimulator({ port: 0, seed: 'demo', accounts: [DEFAULT_ACCOUNT], tls: { cert: ca.cert, key: ca.key } });
});
afterAll(async () => {
	await sim?.close();
	ca?.remove();
});
afterEach(() => sim.admin.clearRequests());

const renew = () => withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'renew', order_id: DEMO_EXAMPLE_ORDER, renew_period: 1 });

test('by default an untrusted certificate stops the renew: outcome failed, said in plain words, nothing sent', async () => {
	const result = await runWorkflow(renew(), credentialFor(sim));
	const error = result.error('Cube')!;
	expect(error.message).toContain("the server's certificate is not trusted");
	expect(error.message).not.toContain('Outcome unknown');
	expect(sim.admin.requests()).toHaveLength(0);
});

test('"Ignore SSL Issues (Insecure)" on: the same renew goes through', async () => {
	const result = await runWorkflow(renew(), credentialFor(sim, { ignoreSslIssues: true }));
	expect(result.error('Cube')).toBeUndefined();
	expect(result.output('Cube')[0]).toMatchObject({ order_id: DEMO_EXAMPLE_ORDER });
	expect(sim.admin.requests().map((r) => r.path)).toEqual(['/package/renewPackage']);
});
