import { startRedirectingServer, startStrangerServer, type RecordingServer } from '@linksfield-cube/testkit';
import { collect, configNode, helper, load, SIM_IN_USE_ORDER, sleep, until, useSimulator, type FlowNode } from '@linksfield-cube/testkit/node-red-helper';

/**
 * Issue 20: a redirect answered to a signed request is reported as the n8n node reports it (one error from the
 * core), and a read whose path is overridden to a write's is not sent again by a Catch loop, as a write is not.
 */

const sim = useSimulator();
const RENEW = '/package/renewPackage';

let stranger: RecordingServer;
let redirector: RecordingServer | undefined;
beforeAll(async () => {
	stranger = await startStrangerServer();
});
afterAll(() => stranger.close());
afterEach(async () => {
	await helper.unload();
	await redirector?.close();
	redirector = undefined;
	stranger.received.length = 0;
});

const renewNode = (props: Record<string, unknown> = {}): FlowNode => ({
	id: 'renew',
	type: 'linksfield-cube',
	cube: 'cfg',
	operation: 'plan.renew',
	params: { order_id: { value: 'orderId', type: 'msg' }, renew_period: { value: '1', type: 'num' } },
	errorOutput: true,
	outputs: 2,
	wires: [['out'], ['errors']],
	...props,
});

it('a renew answered 307 towards another host: nothing reaches it; msg.error names the status and the target, not carried out', async () => {
	redirector = await startRedirectingServer(307, stranger.url);
	await load([configNode(sim, { baseUrl: redirector.url }), renewNode(), { id: 'out', type: 'helper' }, { id: 'errors', type: 'helper' }]);
	const errors = collect('errors');
	helper.getNode('renew').receive({ orderId: SIM_IN_USE_ORDER });
	await until('the error', () => errors.length === 1);
	const target = `${stranger.url}${RENEW}`;
	expect(stranger.received).toEqual([]);
	expect(redirector.received).toHaveLength(1);
	expect(errors[0].error).toMatchObject({ kind: 'http', httpStatus: 307, redirectedTo: target, outcome: 'failed', operation: 'plan.renew', attempts: 1 });
	expect(errors[0].error.message).toContain(`redirected (HTTP 307) to ${target}, not followed`);
});

it('Get Plans with its path overridden to Renew, in a second-output loop: a 503 after the renewal renews once, and the message coming back is not sent', async () => {
	sim.admin.addFault({ kind: 'status', status: 503, path: RENEW, after: true, count: 4 });
	const getPlansAsRenew = renewNode({ operation: 'plan.getPlans', params: {}, path: RENEW, extra: `{"order_id":"${SIM_IN_USE_ORDER}","renew_period":1}`, extraType: 'json', wires: [['out'], ['renew', 'errors']] });
	await load([configNode(sim), getPlansAsRenew, { id: 'out', type: 'helper' }, { id: 'errors', type: 'helper' }]);
	const errors = collect('errors');
	helper.getNode('renew').receive({});
	await until('the error', () => errors.length >= 1);
	await sleep(500);
	expect(errors[0].error).toMatchObject({ httpStatus: 503, outcome: 'unknown', attempts: 1, operation: 'plan.getPlans' });
	expect(sim.admin.counters().renewalsByOrder).toEqual({ [SIM_IN_USE_ORDER]: 1 });
	expect(errors).toHaveLength(1);
});
