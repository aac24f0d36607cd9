import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '@linksfield-cube/simulator';
import { registerTestEndpoint, TEST_PATH } from '../src/config-test-endpoint';
import type { NodeAPI } from '../src/node-red-api';
import { makeThrowawayCa, startForwardProxy, startScriptedProxy, type ForwardProxy, type ScriptedProxy, type ThrowawayCa } from '@linksfield-cube/testkit';
import { ACCESS_CODE, configNode, firstMessage, helper, load, NODES, SECRET, SIM_IN_USE, str, type FlowNode } from '@linksfield-cube/testkit/node-red-helper';

/** The config node's Test button: the admin endpoint it calls, with the dialog's values, against each simulator variant. */

const sims: RunningSimulator[] = [];
async function sim(options: SimulatorOptions = {}) {
	const s = await startSimulator({ port: 0, seed: 'demo', accounts: [{ accessCode: ACCESS_CODE, secret: SECRET }], ...options });
	sims.push(s);
	return s;
}
afterAll(async () => {
	await Promise.all(sims.map((s) => s.close()));
});
afterEach(() => helper.unload());

/** What the dialog sends: its fields as they are, credentials included (maybe unsaved). */
const dialog = (s: RunningSimulator, extra: Record<string, unknown> = {}) => ({ environment: 'custom', baseUrl: s.url, language: 'en-US', timeout: '5', rateLimit: '0', timestampUnit: 's', keyOrder: 'sorted', escapeNonAscii: false, accessCode: ACCESS_CODE, secret: SECRET, ...extra });

async function pressTest(body: Record<string, unknown>, id = 'cfg') {
	const res = await helper.request().post(TEST_PATH.replace(':id', id)).send(body);
	return { status: res.status as number, report: res.body, text: res.text as string };
}

it('OK with the SIM count, using unsaved credentials from the dialog; the secret never comes back', async () => {
	const s = await sim();
	await load([configNode(s)], { cfg: {} }); // nothing deployed yet
	const { status, report, text } = await pressTest(dialog(s));
	expect(status).toBe(200);
	expect(report).toMatchObject({ ok: true, configuredWork: true, changes: [], simCount: expect.any(Number) });
	expect(report.summary).toMatch(/^OK: Linksfield accepted the signed requests\. SIMs in use: \d+\./);
	expect(text).not.toContain(SECRET);
});

it('a password field left untouched (Node-RED\'s placeholder) tests the deployed secret', async () => {
	const s = await sim();
	await load([configNode(s)]);
	expect((await pressTest(dialog(s, { secret: '__PWRD__' }))).report.configuredWork).toBe(true);
	expect((await pressTest(dialog(s, { secret: 'typed-but-wrong' }))).report.ok).toBe(false);
});

it('ms-strict server: reports that milliseconds work and what to apply', async () => {
	const s = await sim({ timestampUnit: 'ms', timestampStrict: true });
	await load([configNode(s)], { cfg: {} });
	const { report } = await pressTest(dialog(s));
	expect(report).toMatchObject({ ok: true, configuredWork: false, changes: [{ setting: 'timestampUnit', value: 'ms', name: 'Timestamp unit' }] });
	expect(report.summary).toMatch(/The configured settings were refused \(1003 Timestamp out of the allowed range.*\), but these work: “Timestamp unit” = milliseconds/);
});

it('insertion order and escaped unicode: both found; zh-CN words when the dialog says zh-CN', async () => {
	const s = await sim({ signing: 'insertion', escapeUnicode: true });
	await load([configNode(s)], { cfg: {} });
	const { report } = await pressTest(dialog(s, { language: 'zh-CN' }));
	expect(report.changes.map((c: { setting: string; value: unknown }) => [c.setting, c.value])).toEqual([
		['keyOrder', 'insertion'],
		['escapeNonAscii', true],
	]);
	expect(report.summary).toMatch(/^当前设置被拒绝\(1001 签名错误\),但以下设置可用:“参数排序” = 按发送顺序, “转义非 ASCII 字符” = 开/);
});

it('a wrong secret: the vendor\'s code and message in plain words, and which setting to check', async () => {
	const s = await sim();
	await load([configNode(s)], { cfg: {} });
	const { report, text } = await pressTest(dialog(s, { secret: 'wrong-secret-typed' }));
	expect(report.ok).toBe(false);
	expect(report.summary).toMatch(/Its last answer: 1001 Invalid signature\. .*the Secret is most likely wrong/);
	expect(text).not.toContain('wrong-secret-typed');
});

it('missing credentials or a bad base URL: 400 with the config node\'s own message', async () => {
	const s = await sim();
	await load([configNode(s)], { cfg: {} });
	expect(await pressTest(dialog(s, { secret: '' }))).toMatchObject({ status: 400, report: { ok: false, summary: expect.stringMatching(/no access code or secret/) } });
	expect((await pressTest(dialog(s, { baseUrl: 'ftp://x' }))).status).toBe(400);
});

describe('nothing from the runtime leaves through the Test (issue 20)', () => {
	const ENV = { LF_TEST_ECHO: 'env-only-value-4711', LF_TEST_ACCESS: ACCESS_CODE, LF_TEST_SECRET: SECRET };
	beforeEach(() => Object.assign(process.env, ENV));
	afterEach(() => Object.keys(ENV).forEach((name) => delete process.env[name]));

	it('a ${NAME} field is resolved, but its value never comes back (not in the signed content, not in an answer)', async () => {
		const s = await sim();
		// Deployed: values from the environment go to the deployed node's server only.
		await load([configNode(s)]);
		// The access code the README suggests keeping in the environment, here one the server refuses.
		const refused = await pressTest(dialog(s, { accessCode: '${LF_TEST_ECHO}' }));
		expect(refused.report.ok).toBe(false);
		expect(refused.report.signedContent).toContain('"access_code":"${LF_TEST_ECHO}"');
		expect(refused.text).not.toContain(ENV.LF_TEST_ECHO);
		const accepted = await pressTest(dialog(s, { accessCode: '${LF_TEST_ACCESS}', secret: '${LF_TEST_SECRET}' }));
		expect(accepted.report).toMatchObject({ ok: true, configuredWork: true });
		expect(accepted.text).not.toContain(ACCESS_CODE);
	});

	it('${NAME} is read as the deployed config node reads it: its flow\'s env variables too', async () => {
		const s = await sim();
		await helper.load(NODES, [{ id: 'tab', type: 'tab', env: [{ name: 'LF_FLOW_SECRET', value: SECRET, type: 'str' }] }, { ...configNode(s), z: 'tab' }], { cfg: { accessCode: ACCESS_CODE, secret: '${LF_FLOW_SECRET}' } });
		expect(helper.getNode('cfg').client()).toBeDefined();
		const { status, report } = await pressTest(dialog(s, { secret: '${LF_FLOW_SECRET}' }));
		expect(status).toBe(200);
		expect(report.configuredWork).toBe(true);
	});

	it('a ${NAME} value goes to no other server than the deployed one: a stranger could answer with it in any encoding', async () => {
		// Answers every request with the access code it was sent, base64-encoded: no redaction of the report knows that form.
		const stranger = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c)).on('end', () => {
				const code = String((JSON.parse(body || '{}') as { access_code?: unknown }).access_code ?? '');
				res.setHeader('content-type', 'application/json').end(JSON.stringify({ code: '9001', success: false, message: Buffer.from(code).toString('base64') }));
			});
		});
		await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
		let received = 0;
		stranger.on('request', () => received++);
		try {
			const s = await sim();
			await load([configNode(s)]);
			const url = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
			const { status, text } = await pressTest(dialog(s, { baseUrl: url, accessCode: '${LF_TEST_ECHO}', secret: 'typed-in-the-dialog' }));
			expect(status).toBe(400);
			expect(received).toBe(0);
			expect(text).not.toContain(Buffer.from(ENV.LF_TEST_ECHO).toString('base64'));
			// Typed in the dialog, the same value may go anywhere: nothing of the runtime's is in it.
			expect((await pressTest(dialog(s, { baseUrl: url, accessCode: 'typed-code', secret: 'typed-in-the-dialog' }))).status).toBe(200);
			expect(received).toBeGreaterThan(0);
		} finally {
			await new Promise((resolve) => stranger.close(resolve));
		}
	});

	it('the deployed secret signs nothing for another base URL; a secret typed in the dialog may go anywhere', async () => {
		const [deployed, other] = [await sim(), await sim()];
		await load([configNode(deployed)]);
		const elsewhere = await pressTest(dialog(other, { secret: '__PWRD__' }));
		expect(elsewhere).toMatchObject({ status: 400, report: { ok: false, summary: expect.stringMatching(/saved secret is used only with the saved environment/) } });
		expect(other.admin.requests()).toHaveLength(0);
		expect((await pressTest(dialog(other, { secret: SECRET }))).report.configuredWork).toBe(true);
		expect((await pressTest(dialog(deployed, { secret: '__PWRD__', baseUrl: `${deployed.url}/` }))).report.configuredWork).toBe(true);
	});
});

describe('the Test goes through the http proxy and TLS config nodes the dialog names, as deployed', () => {
	/* eslint-disable @typescript-eslint/no-require-imports -- Node-RED's own config nodes are CommonJS modules */
	const PROXY_AND_TLS = [require('@node-red/nodes/core/network/06-httpproxy.js'), require('@node-red/nodes/core/network/05-tls.js')];
	/* eslint-enable @typescript-eslint/no-require-imports */
	const ENV = { LF_NET_ACCESS: ACCESS_CODE };
	let ca: ThrowawayCa;
	let secure: RunningSimulator;
	let proxy: ForwardProxy;
	/** A proxy of someone else's: what passes through it is theirs. */
	let harvest: ScriptedProxy;
	beforeAll(async () => {
		ca = makeThrowawayCa();
		secure = await sim({ tls: { cert: ca.cert, key: ca.key } });
		proxy = await startForwardProxy();
		harvest = await startScriptedProxy();
	}, 120_000);
	afterAll(async () => {
		await proxy?.stop();
		await harvest?.stop();
		ca?.remove();
	});
	beforeEach(() => Object.assign(process.env, ENV));
	afterEach(() => Object.keys(ENV).forEach((name) => delete process.env[name]));

	const network: FlowNode[] = [
		{ id: 'px', type: 'http proxy', url: '', noproxy: [] },
		{ id: 'px-harvest', type: 'http proxy', url: '', noproxy: [] },
		{ id: 'tls-ca', type: 'tls-config', cert: '', key: '', ca: '', certname: '', keyname: '', caname: '', servername: '', verifyservercert: true, alpnprotocol: '' },
		{ id: 'tls-off', type: 'tls-config', cert: '', key: '', ca: '', certname: '', keyname: '', caname: '', servername: '', verifyservercert: false, alpnprotocol: '' },
	];
	/** Deploys the config node with Node-RED's http proxy and tls-config nodes beside it (tinyproxy, the harvesting proxy, the run's CA, no verification). */
	async function deploy(config: FlowNode): Promise<void> {
		const urls: Record<string, string> = { px: proxy.url, 'px-harvest': harvest.url };
		const nodes = network.map((n) => (n.type === 'http proxy' ? { ...n, url: urls[n.id] } : n.id === 'tls-ca' ? { ...n, ca: ca.files.ca } : n));
		await helper.load([...NODES, ...PROXY_AND_TLS], [{ id: 'tab', type: 'tab' }, config, ...nodes], { cfg: { accessCode: ACCESS_CODE, secret: SECRET } });
	}
	const harvested = () => harvest.requests().length;

	it('through the deployed http proxy the dialog names: the nodes\' way, with the saved secret', async () => {
		const s = await sim();
		await deploy(configNode(s, { proxy: 'px' }));
		const before = proxy.requests().length;
		const { status, report } = await pressTest(dialog(s, { secret: '__PWRD__', proxy: 'px' }));
		expect(status).toBe(200);
		expect(report.configuredWork).toBe(true);
		expect(proxy.requests().slice(before)).toContain(`POST ${s.url}/device/syncAssetInfo HTTP/1.1`);
	});

	it('HTTPS through the proxy\'s CONNECT tunnel, trusting the CA of the deployed TLS config the dialog names', async () => {
		await deploy(configNode(secure, { proxy: 'px', tls: 'tls-ca' }));
		const before = proxy.requests().length;
		expect((await pressTest(dialog(secure, { secret: '__PWRD__', proxy: 'px', tls: 'tls-ca' }))).report.configuredWork).toBe(true);
		expect(proxy.requests().slice(before)).toContain(`CONNECT 127.0.0.1:${new URL(secure.url).port} HTTP/1.1`);
		// Without it (a secret typed in the dialog may go any way), the run's CA is not trusted: the TLS config counts.
		const untrusted = await pressTest(dialog(secure, { proxy: 'px' }));
		expect(untrusted.report.ok).toBe(false);
		expect(untrusted.text).toMatch(/certificate/i);
	});

	it.each([
		['an http proxy node', { proxy: 'px-new' }, /http proxy node chosen in this dialog is not deployed yet/],
		['a TLS config node', { tls: 'tls-new' }, /TLS config node chosen in this dialog is not deployed yet/],
		['a node of another type as the proxy', { proxy: 'cfg' }, /http proxy node chosen in this dialog is not deployed yet/],
	])('%s not deployed yet: the Test says so and sends nothing, instead of going another way', async (_name, chosen, summary) => {
		const s = await sim();
		await deploy(configNode(s));
		const { status, report } = await pressTest(dialog(s, chosen));
		expect(status).toBe(400);
		expect(report).toEqual({ ok: false, summary: expect.stringMatching(summary) });
		expect(s.admin.requests()).toHaveLength(0);
	});

	it('the saved secret goes through no proxy but the saved one: another one would see the signed requests', async () => {
		const s = await sim();
		await deploy(configNode(s, { proxy: 'px' }));
		for (const other of ['px-harvest', '']) {
			const refused = await pressTest(dialog(s, { secret: '__PWRD__', proxy: other }));
			expect(refused).toMatchObject({ status: 400, report: { ok: false, summary: expect.stringMatching(/saved secret is used only through the saved http proxy and TLS config/) } });
		}
		expect(harvested()).toBe(0);
		expect(s.admin.requests()).toHaveLength(0);
		// A secret typed in the dialog is the typist's to send any way.
		expect((await pressTest(dialog(s, { proxy: 'px-harvest' }))).report.configuredWork).toBe(true);
		expect(harvested()).toBeGreaterThan(0);
	});

	it('nor with a TLS config but the saved one: one that verifies nothing would let a proxy read the tunnel', async () => {
		await deploy(configNode(secure, { proxy: 'px', tls: 'tls-ca' }));
		secure.admin.clearRequests();
		for (const other of ['tls-off', '']) {
			const refused = await pressTest(dialog(secure, { secret: '__PWRD__', proxy: 'px', tls: other }));
			expect(refused).toMatchObject({ status: 400, report: { summary: expect.stringMatching(/saved secret is used only through the saved http proxy and TLS config/) } });
		}
		expect(secure.admin.requests()).toHaveLength(0);
	});

	it('a value read from the environment goes through no proxy or TLS config but the saved ones either', async () => {
		const s = await sim();
		await deploy(configNode(s, { proxy: 'px' }));
		const before = harvested();
		const refused = await pressTest(dialog(s, { accessCode: '${LF_NET_ACCESS}', proxy: 'px-harvest' }));
		expect(refused).toMatchObject({ status: 400, report: { summary: expect.stringMatching(/Values read from the environment .* only through the saved http proxy and TLS config/) } });
		expect(harvested()).toBe(before);
		expect((await pressTest(dialog(s, { accessCode: '${LF_NET_ACCESS}', proxy: 'px' }))).report.configuredWork).toBe(true);
	});
});

it('the endpoint is guarded by the config node\'s write permission', () => {
	const guard = () => undefined;
	const post = jest.fn();
	const needsPermission = jest.fn(() => guard);
	registerTestEndpoint({ httpAdmin: { post }, auth: { needsPermission }, nodes: {} } as unknown as NodeAPI);
	expect(needsPermission).toHaveBeenCalledWith('linksfield-cube-config.write');
	expect(post).toHaveBeenCalledWith('/linksfield-cube-config/:id/test', guard, expect.any(Function));
});

it('the key order and escaping set on the config node reach the client: an insertion-order server answers', async () => {
	const s = await sim({ signing: 'insertion' });
	await load([configNode(s, { keyOrder: 'insertion', escapeNonAscii: true }), { id: 'a', type: 'linksfield-cube', cube: 'cfg', operation: 'usage.get', params: { device_id: str(SIM_IN_USE) }, wires: [['out']] }, { id: 'out', type: 'helper' }]);
	const first = firstMessage(['out', 'caught']);
	helper.getNode('a').receive({});
	expect((await first).id).toBe('out');
});

it('a node whose request is refused as a bad signature names the config node settings to check on msg.error', async () => {
	const s = await sim({ signing: 'insertion' });
	await load([configNode(s), { id: 'a', type: 'linksfield-cube', cube: 'cfg', operation: 'usage.get', params: { device_id: str(SIM_IN_USE) }, errorOutput: true, wires: [['out'], ['failed']] }, { id: 'out', type: 'helper' }, { id: 'failed', type: 'helper' }]);
	const first = firstMessage(['out', 'failed', 'caught']);
	helper.getNode('a').receive({});
	const { id, msg } = await first;
	expect(id).toBe('failed');
	expect(msg.error).toMatchObject({ code: '1001', settings: ['secret', 'accessCode', 'keyOrder', 'timestampUnit', 'clock'] });
	expect(msg.error.message).toMatch(/The signature was refused: check “Secret”.*“Key order” \(now sorted\)/);
});
