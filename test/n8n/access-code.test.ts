import { CredentialTestContext } from 'n8n-core';
import { linksfieldCubeApiTest } from '../../credentials/credential-test';
import { TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { runWorkflow, credentialFor, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/** An access code pasted with spaces around it: what passes the credential test must work in a workflow. */

const sim = useTestSimulator();

const PASTED = { accessCode: ` ${TEST_ACCOUNT.accessCode} ` };

test('the credential test and the node both sign with the trimmed access code', async () => {
	const tested = await linksfieldCubeApiTest.call(new CredentialTestContext(), { id: 'c1', name: 'Cube', type: 'linksfieldCubeApi', data: credentialFor(sim, PASTED) });
	expect(tested.status).toBe('OK');

	sim.admin.reset();
	const result = await runWorkflow(loadFixture('operation.workflow.json'), credentialFor(sim, PASTED));
	expect(result.error('Cube')).toBeUndefined();
	expect(result.output('Cube')).toEqual([expect.objectContaining({ device_id: '89852022018041800150' })]);
	expect(sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' }).map((r) => (r.body as { access_code: string }).access_code)).toEqual([TEST_ACCOUNT.accessCode]);
	expect(sim.admin.counters().rejectedSignatures).toBe(0);
});
