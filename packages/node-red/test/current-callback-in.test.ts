import { configNode, captured, collect, helper, load, sleep, statuses, type FlowNode } from '@linksfield-cube/testkit/node-red-helper';
import { CURRENT_CREDENTIALS, currentConfigNode, NOTIFICATION_KEY, PRIVATE_KEY, signedNotification, useCurrentSimulator } from './current-fixture';

const request = require('supertest');

/**
 * The callback-in node of a config node that speaks the current API: notifications signed with x-lf-signature (the
 * notification key) become messages; forged, unsigned or stale ones get 401 and nothing is emitted.
 */

const sim = useCurrentSimulator();
const PATH = '/cube/current-notifications';
const SIM = '89852022018041800150';
const BODY = { event: 'usage.threshold', sim_id: SIM, threshold: 90, percent: 91.5, bundle_id: 'LP2023000001' };

async function deploy(credentials: Record<string, unknown> = CURRENT_CREDENTIALS, config: FlowNode = currentConfigNode(sim)): Promise<void> {
	await load([config, { id: 'in', type: 'linksfield-cube-in', cube: 'cfg', path: PATH, events: [], wires: [['out']] }, { id: 'out', type: 'helper' }], credentials);
}

const post = (signed: { headers: Record<string, string>; body: string }) => request(captured.red!.httpNode).post(PATH).set(signed.headers).send(signed.body);

it('a signed notification is answered 200 and becomes a message naming its SIM', async () => {
	await deploy();
	const outs = collect('out');
	const res = await post(signedNotification(BODY));
	expect(res.status).toBe(200);
	await sleep(20);
	expect(outs).toHaveLength(1);
	expect(outs[0]).toMatchObject({ iccid: SIM, payload: { iccid: SIM, raw: BODY } });
});

it('a notification as the simulator signs it is received; one it forges is refused', async () => {
	await deploy();
	const outs = collect('out');
	sim.admin.current.setNotificationUrl(null);
	// Recorded, not sent (no URL): its headers and body are what Linksfield would POST.
	const real = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM, thresholdPercent: 90 });
	const forged = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM, thresholdPercent: 95, forge: true });
	expect((await post({ headers: real.headers, body: JSON.stringify(real.body) })).status).toBe(200);
	expect((await post({ headers: forged.headers, body: JSON.stringify(forged.body) })).status).toBe(401);
	await sleep(20);
	expect(outs.map((m) => m.iccid)).toEqual([SIM]);
});

it.each([
	['forged (another key)', () => signedNotification(BODY, { signingKey: 'not-the-notification-key-0123456789' })],
	['stale (timestamp 11 minutes old)', () => signedNotification(BODY, { timestamp: Date.now() - 11 * 60_000 })],
	['unsigned', () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(BODY) })],
	['signed with the legacy x-lf-md5 only', () => ({ headers: { 'content-type': 'application/json', 'x-lf-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }, body: JSON.stringify(BODY) })],
])('a %s notification gets 401 and sends nothing', async (_name, make) => {
	await deploy();
	const outs = collect('out');
	const seen = statuses('in');
	const res = await post(make());
	expect(res.status).toBe(401);
	await sleep(20);
	expect(outs).toHaveLength(0);
	expect(seen.at(-1)).toMatchObject({ fill: 'red', text: expect.stringMatching(/^401 /) });
	// The refusal names a reason, never a key.
	expect(JSON.stringify(res.body)).not.toContain(NOTIFICATION_KEY);
});

it('a redelivery of the same notification is answered 200 and not emitted twice', async () => {
	await deploy();
	const outs = collect('out');
	const signed = signedNotification(BODY);
	expect((await post(signed)).status).toBe(200);
	expect((await post(signed)).status).toBe(200);
	await sleep(20);
	expect(outs).toHaveLength(1);
});

it('without a notification key the endpoint is not created, and the error names the setting, not a value', async () => {
	await deploy({ cfg: { keyId: 'k', privateKey: PRIVATE_KEY } });
	const res = await request(captured.red!.httpNode).post(PATH).set('content-type', 'application/json').send('{}');
	expect(res.status).toBe(404);
	const logged = helper.log().args.map((a: unknown[]) => JSON.stringify(a)).join('\n');
	expect(logged).toMatch(/no usable notification key/);
	expect(logged).toMatch(/notificationKey/);
	expect(logged).not.toContain(PRIVATE_KEY.slice(40, 80));
});

it('a legacy config node (no API set) still verifies x-lf-md5 and refuses an x-lf-signature notification', async () => {
	await load(
		[configNode(sim), { id: 'in', type: 'linksfield-cube-in', cube: 'cfg', path: PATH, events: [], wires: [['out']] }, { id: 'out', type: 'helper' }],
		{ cfg: { accessCode: 'P000270', secret: 's', notificationSecret: 'legacy-notification-secret' } },
	);
	const outs = collect('out');
	expect((await post(signedNotification(BODY))).status).toBe(401);
	await sleep(20);
	expect(outs).toHaveLength(0);
});
