import type { RunningSimulator } from '@linksfield-cube/simulator';
import { call, codeOf, PLAN_1GB, SIM_IN_USE, SIM_NO_PLAN, startCurrent, UNKNOWN_SIM } from './current-fixture';

/** The current API's admin routes over HTTP (/_sim/current/…), as tests in another process use them. */

async function admin(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
	const res = await fetch(`${sim.url}/_sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe('current API admin over HTTP', () => {
	let sim: RunningSimulator;
	beforeEach(async () => {
		sim = await startCurrent();
	});
	afterEach(() => sim.close());

	it('lists its routes under GET /_sim and tells its configuration', async () => {
		const { json } = await admin(sim, 'GET', '');
		expect((json as { routes: Array<{ path: string }> }).routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/_sim/current', '/_sim/current/jobs/finish', '/_sim/current/counters']));
		expect((await admin(sim, 'GET', '/current')).json).toMatchObject({ keyIds: ['sim-test-key'], demoKey: null, notificationKeyId: 'test-key-id', asyncDelayMs: 60_000 });
		expect((await admin(sim, 'PUT', '/current/limits', { perSecond: 5 })).json).toEqual({ perSecond: 5, concurrent: 0, dailyQuota: 0 });
		expect((await admin(sim, 'PUT', '/current/async-delay', { ms: -1 })).status).toBe(400);
		expect(((await admin(sim, 'GET', '/current/codes')).json as Array<{ code: string; own: boolean }>).find((c) => c.code === 'CB-99-9430')).toMatchObject({ own: true });
	});

	it('finishes jobs, injects failures and counts bundles added per SIM', async () => {
		await call(sim, { method: 'POST', path: `/sims/${SIM_NO_PLAN}/bundle`, body: { bundle_id: PLAN_1GB, bundle_type: 10, activate: true } });
		expect((await admin(sim, 'GET', `/current/jobs?sim_id=${SIM_NO_PLAN}`)).json).toEqual([expect.objectContaining({ operation: 'addBundle', status: 'processing' })]);
		expect((await admin(sim, 'POST', '/current/jobs/fail-next', { code: 'CB-01-0104' })).json).toEqual({ queued: 1 });
		expect((await admin(sim, 'POST', '/current/jobs/finish')).json).toEqual({ finished: 1 });
		expect((await admin(sim, 'GET', '/current/jobs?status=failed')).json).toEqual([expect.objectContaining({ error: { code: 'CB-01-0104', message: 'Injected job failure' } })]);
		expect((await admin(sim, 'GET', '/current/counters')).json).toMatchObject({ bundlesAdded: 1, bundlesAddedBySim: { [SIM_NO_PLAN]: 1 }, jobs: 1, jobsPending: 0, jobsByStatus: { failed: 1 } });
		await admin(sim, 'DELETE', '/current/counters');
		expect((await admin(sim, 'GET', '/current/counters')).json).toMatchObject({ bundlesAdded: 0, jobs: 0 });
	});

	it('adds inbound SMS and sends notifications; refuses unknown SIMs with the code\'s message', async () => {
		expect((await admin(sim, 'POST', '/current/sms-mo', { sim_id: SIM_IN_USE, content: 'hi' })).status).toBe(200);
		expect((await call(sim, { path: `/sms/mo/${SIM_IN_USE}` })).json.total_count).toBe(2);
		expect(await admin(sim, 'POST', '/current/sms-mo', { sim_id: UNKNOWN_SIM })).toEqual({ status: 400, json: { error: `SIM does not exist: ${UNKNOWN_SIM}` } });
		const delivery = (await admin(sim, 'POST', '/current/notifications', { kind: 'usage', simId: SIM_IN_USE })).json;
		expect(delivery).toMatchObject({ event: 'sim_data_usage', delivered: false, error: 'no notification URL configured' });
		expect((await admin(sim, 'GET', '/current/notifications')).json).toHaveLength(1);
		expect((await admin(sim, 'PUT', '/current/notification-url', { url: 'not a url' })).status).toBe(400);
		expect(codeOf(await call(sim, { path: `/sims/${SIM_IN_USE}` }))).toBe('CB-00-0000');
	});
});
