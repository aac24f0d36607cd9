import { TEST_PATH } from '../src/config-test-endpoint';
import { ACCESS_CODE, configNode, firstMessage, helper, load, NOTIFICATION_SECRET, SECRET, SIM_IN_USE, str } from '@linksfield-cube/testkit/node-red-helper';
import { CURRENT_CREDENTIALS, currentConfigNode, KEY_ID, OTHER_PRIVATE_KEY, PRIVATE_KEY, useCurrentSimulator } from './current-fixture';

/**
 * The config node's API: Current (key id, private key, notification key) or Legacy (access code, secrets, as before;
 * a node saved without the field). Its nodes and its Test button speak the chosen one.
 */

const sim = useCurrentSimulator();

const LEGACY_CREDENTIALS = { cfg: { accessCode: ACCESS_CODE, secret: SECRET, notificationSecret: NOTIFICATION_SECRET } };

async function pressTest(body: Record<string, unknown>, id = 'cfg') {
	const res = await helper.request().post(TEST_PATH.replace(':id', id)).send(body);
	return { status: res.status as number, report: res.body, text: res.text as string };
}

/** What the dialog sends with the Current API selected: its fields, the key pair typed (maybe unsaved). */
const currentDialog = (extra: Record<string, unknown> = {}) => ({ api: 'current', environment: 'custom', baseUrl: `${sim.url}/cube/v4`, language: 'en-US', timeout: '5', rateLimit: '0', keyId: KEY_ID, privateKey: PRIVATE_KEY, ...extra });

describe('the config node, both ways', () => {
	it('without an API field it is legacy: its nodes sign with the access code and secret as before', async () => {
		await load([configNode(sim), { id: 'a', type: 'linksfield-cube', cube: 'cfg', operation: 'usage.get', params: { device_id: str(SIM_IN_USE) }, wires: [['out']] }, { id: 'out', type: 'helper' }], LEGACY_CREDENTIALS);
		const config = helper.getNode('cfg');
		expect(config.api()).toBe('legacy');
		const first = firstMessage(['out', 'caught']);
		helper.getNode('a').receive({});
		const { id, msg } = await first;
		expect(id).toBe('out');
		expect(msg.payload.device_id).toBe(SIM_IN_USE);
	});

	it('api "current": its client signs with sign v2 and reads below /cube/v4', async () => {
		await load([currentConfigNode(sim), { id: 'a', type: 'linksfield-cube', cube: 'cfg', operation: 'current.sim.get', params: { sim_id: str(SIM_IN_USE) }, wires: [['out']] }, { id: 'out', type: 'helper' }], CURRENT_CREDENTIALS);
		const config = helper.getNode('cfg');
		expect(config.api()).toBe('current');
		expect(config.baseUrl()).toBe(`${sim.url}/cube/v4`);
		const first = firstMessage(['out', 'caught']);
		helper.getNode('a').receive({});
		const { id, msg } = await first;
		expect(id).toBe('out');
		expect(msg.payload.sim_id).toBe(SIM_IN_USE);
		expect(sim.admin.counters().requestsByPath[`/cube/v4/sims/${SIM_IN_USE}`]).toBe(1);
	});

	it('api "current" with a named environment: the current API\'s host, ending in /cube/v4', async () => {
		await load([currentConfigNode(sim, { environment: 'productionIo', baseUrl: '' })], CURRENT_CREDENTIALS);
		expect(helper.getNode('cfg').baseUrl()).toBe('https://api.io.linksfield.net/cube/v4');
	});

	it('the key pair may be read from the environment (${NAME}), the private key pasted on one line too', async () => {
		Object.assign(process.env, { LF_TEST_KEY_ID: KEY_ID, LF_TEST_PRIVATE_KEY: PRIVATE_KEY.replace(/\n/g, ' ') });
		try {
			await load([currentConfigNode(sim), { id: 'a', type: 'linksfield-cube', cube: 'cfg', operation: 'current.sim.getStatus', params: { sim_id: str(SIM_IN_USE) }, wires: [['out']] }, { id: 'out', type: 'helper' }], {
				cfg: { keyId: '${LF_TEST_KEY_ID}', privateKey: '${LF_TEST_PRIVATE_KEY}' },
			});
			const first = firstMessage(['out', 'caught']);
			helper.getNode('a').receive({});
			expect((await first).id).toBe('out');
		} finally {
			delete process.env.LF_TEST_KEY_ID;
			delete process.env.LF_TEST_PRIVATE_KEY;
		}
	});

	it('a damaged private key: the error names the setting, quotes nothing of the key, and nothing is sent', async () => {
		const damaged = PRIVATE_KEY.slice(0, 200);
		await load([currentConfigNode(sim), { id: 'a', type: 'linksfield-cube', cube: 'cfg', operation: 'current.sim.get', params: { sim_id: str(SIM_IN_USE) }, wires: [['out']] }, { id: 'out', type: 'helper' }], {
			cfg: { keyId: KEY_ID, privateKey: damaged },
		});
		const first = firstMessage(['out', 'caught']);
		helper.getNode('a').receive({});
		const { id, msg } = await first;
		expect(id).toBe('caught');
		expect(msg._error).toMatchObject({ kind: 'validation', field: 'privateKey' });
		expect(JSON.stringify(msg)).not.toContain(damaged.split('\n')[1]);
		expect(sim.admin.counters().requestsByPath[`/cube/v4/sims/${SIM_IN_USE}`]).toBeUndefined();
	});
});

describe('the Test button, both ways', () => {
	it('current API: OK with the SIM count, from the dialog\'s unsaved key pair; the key never comes back', async () => {
		await load([currentConfigNode(sim)], { cfg: {} });
		const { status, report, text } = await pressTest(currentDialog());
		expect(status).toBe(200);
		expect(report).toMatchObject({ ok: true, configuredWork: true, simCount: expect.any(Number), request: expect.stringMatching(/^GET \/cube\/v4\/sims\?page_size=1$/) });
		expect(report.summary).toMatch(/^OK: Linksfield accepted the signed request \(current API\)\. SIMs: \d+\.$/);
		expect(text).not.toContain(PRIVATE_KEY.split('\n')[2]);
	});

	it('current API, another key pair: refused, naming the key pair (private key) first', async () => {
		await load([currentConfigNode(sim)], { cfg: {} });
		const { report, text } = await pressTest(currentDialog({ privateKey: OTHER_PRIVATE_KEY }));
		expect(report.ok).toBe(false);
		expect(report.settings[0]).toBe('privateKey');
		expect(report.summary).toMatch(/^Refused: HTTP 403 CB-99-9403 .*“Private key” is the private half of the key pair/);
		expect(text).not.toContain(OTHER_PRIVATE_KEY.split('\n')[2]);
	});

	it('current API, the saved key (password left untouched) is tested only with the saved base URL', async () => {
		await load([currentConfigNode(sim)], CURRENT_CREDENTIALS);
		expect((await pressTest(currentDialog({ privateKey: '__PWRD__', keyId: undefined }))).report).toMatchObject({ ok: true });
		const elsewhere = await pressTest(currentDialog({ privateKey: '__PWRD__', baseUrl: 'http://127.0.0.1:9/cube/v4' }));
		expect(elsewhere.status).toBe(400);
	});

	it('current API without a key pair: 400 with the config node\'s message', async () => {
		await load([currentConfigNode(sim)], { cfg: {} });
		expect(await pressTest(currentDialog({ privateKey: '' }))).toMatchObject({ status: 400, report: { ok: false, summary: expect.stringMatching(/no key ID or private key/) } });
	});

	it('legacy API (no api in the dialog): the legacy check, as before', async () => {
		await load([configNode(sim)], { cfg: {} });
		const { report } = await pressTest({ environment: 'custom', baseUrl: sim.url, language: 'en-US', timeout: '5', rateLimit: '0', timestampUnit: 's', keyOrder: 'sorted', escapeNonAscii: false, accessCode: ACCESS_CODE, secret: SECRET });
		expect(report).toMatchObject({ ok: true, configuredWork: true, changes: [] });
		expect(report.summary).toMatch(/^OK: Linksfield accepted the signed requests\. SIMs in use: \d+\./);
	});

	it('the saved key of a legacy node is not lent to a Current test (nor the other way)', async () => {
		await load([configNode(sim)], LEGACY_CREDENTIALS);
		const { status, report } = await pressTest(currentDialog({ keyId: KEY_ID, privateKey: '__PWRD__', baseUrl: sim.url }));
		expect(status).toBe(400);
		expect(report.summary).toMatch(/no key ID or private key/);
	});
});
