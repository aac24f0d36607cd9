import { ACCESS_CODE, collect, configNode, firstMessage, helper, load, NOTIFICATION_SECRET, SECRET, SIM_IN_USE, SIM_IN_USE_ORDER, sleep, str, useSimulator } from '@linksfield-cube/testkit/node-red-helper';

/** The config node: credentials (also from ${ENV}), environment, language, timeout, one shared client. */

const sim = useSimulator();

const usageNode = (id: string, iccid = SIM_IN_USE) => ({ id, type: 'linksfield-cube', cube: 'cfg', operation: 'usage.get', params: { device_id: str(iccid) }, wires: [['out']] });

async function result(nodeId = 'a'): Promise<{ id: string; msg: any }> {
	const first = firstMessage(['out', 'caught']);
	helper.getNode(nodeId).receive({});
	return first;
}

it('credentials and base URL given as ${ENV_VAR} are read from the environment', async () => {
	Object.assign(process.env, { LF_TEST_ACCESS: ACCESS_CODE, LF_TEST_SECRET: SECRET, LF_TEST_URL: sim.url });
	try {
		await load([configNode(sim, { baseUrl: '${LF_TEST_URL}' }), usageNode('a'), { id: 'out', type: 'helper' }], {
			cfg: { accessCode: '${LF_TEST_ACCESS}', secret: '${LF_TEST_SECRET}', notificationSecret: NOTIFICATION_SECRET },
		});
		const { id, msg } = await result();
		expect(id).toBe('out');
		expect(msg.payload.device_id).toBe(SIM_IN_USE);
	} finally {
		for (const name of ['LF_TEST_ACCESS', 'LF_TEST_SECRET', 'LF_TEST_URL']) delete process.env[name];
	}
});

it('a wrong secret is the vendor\'s signature error, not a crash', async () => {
	await load([configNode(sim), usageNode('a'), { id: 'out', type: 'helper' }], { cfg: { accessCode: ACCESS_CODE, secret: 'wrong' } });
	const { id, msg } = await result();
	expect(id).toBe('caught');
	expect(msg.error.code).toBe('1001');
	expect(JSON.stringify(msg)).not.toContain('wrong');
});

it('every node using the config shares one client, closed on redeploy', async () => {
	await load([configNode(sim), usageNode('a'), usageNode('b'), { id: 'out', type: 'helper' }]);
	const outs = collect('out');
	helper.getNode('a').receive({});
	helper.getNode('b').receive({});
	while (outs.length < 2) await sleep(10);
	const config = helper.getNode('cfg');
	const client = config.client();
	expect(config.client()).toBe(client);
	let closed = 0;
	const close = client.close.bind(client);
	client.close = () => {
		closed++;
		close();
	};
	await helper.unload();
	expect(closed).toBe(1);
});

it('the rate limit is shared by the nodes using the config', async () => {
	await load([configNode(sim, { rateLimit: 20 }), usageNode('a'), usageNode('b'), { id: 'out', type: 'helper' }]);
	const outs = collect('out');
	const started = Date.now();
	for (let i = 0; i < 10; i++) helper.getNode(i % 2 ? 'a' : 'b').receive({});
	while (outs.length < 10) await sleep(10);
	// 10 requests at 20 per second from two nodes: the second half waits for the shared budget.
	expect(Date.now() - started).toBeGreaterThanOrEqual(400);
});

it('the language reaches the API: vendor messages in Chinese with zh-CN', async () => {
	await load([configNode(sim, { language: 'zh-CN' }), usageNode('a', '89852022018041800100'), { id: 'out', type: 'helper' }]);
	const { msg } = await result();
	expect(msg._error.vendorMessage).toMatch(/[\u4e00-\u9fff]/);
	expect(sim.admin.requests()[0].language).toBe('zh-CN');
});

it('the timeout bounds a request; a write that timed out is reported as outcome unknown', async () => {
	sim.admin.addFault({ kind: 'timeout', path: '/package/renewPackage' });
	await load([
		configNode(sim, { timeout: 0.3 }),
		{ id: 'a', type: 'linksfield-cube', cube: 'cfg', operation: 'plan.renew', params: { order_id: str(SIM_IN_USE_ORDER) }, wires: [['out']] },
		{ id: 'out', type: 'helper' },
	]);
	const started = Date.now();
	const { id, msg } = await result();
	expect(id).toBe('caught');
	expect(msg._error).toMatchObject({ kind: 'timeout', outcome: 'unknown' });
	expect(msg._error).not.toHaveProperty('code');
	expect(Date.now() - started).toBeLessThan(2000);
	expect(sim.admin.requests({ path: '/package/renewPackage' })).toHaveLength(1);
});

it('a Custom environment without a usable base URL says so', async () => {
	await load([configNode(sim, { baseUrl: 'not a url' }), usageNode('a'), { id: 'out', type: 'helper' }]);
	const { msg } = await result();
	expect(msg.error.message).toMatch(/base URL starting with http/);
});
