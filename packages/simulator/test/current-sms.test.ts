import type { RunningSimulator } from '@linksfield-cube/simulator';
import { call, codeOf, SIM_IN_USE, startCurrent, testSigner, UNKNOWN_SIM } from './current-fixture';

/** SMS of the current API (spec §5.13–5.15): send as a job, its limits, the 10-second idempotency, MT and MO lists. */

const OTHER_SIM = '89852022018041800193';
const send = (sim: RunningSimulator, body: Record<string, unknown>, nonce?: number) =>
	call(sim, { method: 'POST', path: '/sms', body, signer: nonce === undefined ? undefined : testSigner({ nonce: () => nonce }) });

describe('current API SMS', () => {
	let sim: RunningSimulator;
	let now: number;
	beforeEach(async () => {
		now = Date.now();
		sim = await startCurrent({ now: () => now });
	});
	afterEach(() => sim.close());

	it('sends to up to 100 SIMs as a job; MT records go from processing to success', async () => {
		const r = await send(sim, { sim_ids: [SIM_IN_USE, OTHER_SIM], message: { type: 1, content: 'Reboot now' } });
		expect(codeOf(r)).toBe('CB-00-0000');
		const jobId = r.json.data.job_id;
		expect(jobId).toMatch(/^\d{18}$/);
		const mt = await call(sim, { path: `/sms/mt/${SIM_IN_USE}` });
		expect(mt.json.total_count).toBe(1);
		expect(mt.json.data[0]).toEqual({
			org_id: 'P000270',
			sim_id: SIM_IN_USE,
			msisdn: expect.any(String),
			sent_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
			content: { type: 1, message: 'Reboot now' },
			status: 3,
			source: 'API',
			user: 'sim-test-key',
			update_at: expect.any(String),
			error: { code: null, message: null },
			job_id: jobId,
		});
		expect((await call(sim, { path: `/sims/async_result/${jobId}` })).json.data).toMatchObject({ operation: 'sms', status: 'processing', sim_ids: [SIM_IN_USE, OTHER_SIM] });
		sim.admin.current.finishJobs();
		expect((await call(sim, { path: `/sms/mt/${OTHER_SIM}` })).json.data[0].status).toBe(1);
		expect((await call(sim, { path: `/sms/mt/${SIM_IN_USE}`, query: { status: 3 } })).json.total_count).toBe(0);
		expect((await call(sim, { path: `/sms/mt/${SIM_IN_USE}`, query: { status: 1 } })).json.total_count).toBe(1);
		// SMS does not lock the SIM.
		expect(codeOf(await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/suspend` }))).toBe('CB-00-0000');
	});

	it('a failed job marks its records failed with the job\'s error', async () => {
		await send(sim, { sim_ids: [SIM_IN_USE], message: { type: 1, content: 'x' } });
		sim.admin.current.failNextJobs({ code: 'CB-04-9999', message: 'no SMS balance' });
		sim.admin.current.finishJobs();
		expect((await call(sim, { path: `/sms/mt/${SIM_IN_USE}` })).json.data[0]).toMatchObject({ status: 2, error: { code: 'CB-04-9999', message: 'no SMS balance' } });
	});

	it('refuses more than 100 SIMs, more than 140 characters, unknown SIMs and bad messages', async () => {
		const many = Array.from({ length: 101 }, (_, i) => '8985202201804180' + String(1000 + i));
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ sim_ids: many, message: { type: 1, content: 'x' } }, 'CB-04-9999'],
			[{ sim_ids: [SIM_IN_USE], message: { type: 1, content: 'x'.repeat(141) } }, 'CB-04-9999'],
			[{ sim_ids: [SIM_IN_USE, UNKNOWN_SIM], message: { type: 1, content: 'x' } }, 'CB-01-0001'],
			[{ sim_ids: [SIM_IN_USE], message: { type: 3, content: 'x' } }, 'CB-99-9400'],
			[{ sim_ids: [], message: { type: 1, content: 'x' } }, 'CB-99-9400'],
			[{ sim_ids: [SIM_IN_USE, SIM_IN_USE], message: { type: 1, content: 'x' } }, 'CB-99-9400'],
			[{ message: { type: 1, content: 'x' } }, 'CB-99-9402'],
			[{ sim_ids: [SIM_IN_USE] }, 'CB-99-9402'],
		];
		for (const [body, code] of cases) expect({ body: Object.keys(body), code: codeOf(await send(sim, body)) }).toEqual({ body: Object.keys(body), code });
		// 140 characters are fine, counted as characters, not bytes.
		expect(codeOf(await send(sim, { sim_ids: [SIM_IN_USE], message: { type: 1, content: '好'.repeat(140) } }))).toBe('CB-00-0000');
		expect(sim.admin.current.counters().smsSent).toBe(1);
	});

	it('treats the same nonce, SIMs and message within 10 s as one request', async () => {
		const body = { sim_ids: [SIM_IN_USE], message: { type: 1, content: 'once' } };
		const first = await send(sim, body, 4242);
		now += 9_000;
		const retry = await send(sim, body, 4242);
		expect(retry.json.data.job_id).toBe(first.json.data.job_id);
		// A new nonce is a deliberate second send; so is another text with the same nonce.
		const second = await send(sim, body, 4243);
		const otherText = await send(sim, { ...body, message: { type: 1, content: 'twice' } }, 4242);
		expect(new Set([first.json.data.job_id, second.json.data.job_id, otherText.json.data.job_id]).size).toBe(3);
		now += 2_000;
		const late = await send(sim, body, 4242);
		expect(late.json.data.job_id).not.toBe(first.json.data.job_id);
		expect((await call(sim, { path: `/sms/mt/${SIM_IN_USE}` })).json.total_count).toBe(4);
		expect(sim.admin.current.counters()).toMatchObject({ smsSent: 4, smsDeduplicated: 1, jobsByOperation: { sms: 4 } });
	});

	it('MT lists page newest first, within a time window', async () => {
		for (let i = 0; i < 3; i++) {
			await send(sim, { sim_ids: [SIM_IN_USE], message: { type: 1, content: `n${i}` } });
			sim.admin.advanceClock({ minutes: 1 });
		}
		const all = await call(sim, { path: `/sms/mt/${SIM_IN_USE}` });
		expect(all.json.data.map((m: { content: { message: string } }) => m.content.message)).toEqual(['n2', 'n1', 'n0']);
		const page = await call(sim, { path: `/sms/mt/${SIM_IN_USE}`, query: { page_no: 2, page_size: 2 } });
		expect([page.json.total_count, page.json.data.map((m: { content: { message: string } }) => m.content.message)]).toEqual([3, ['n0']]);
		const firstSent = Date.parse(all.json.data[2].sent_at);
		const windowed = await call(sim, { path: `/sms/mt/${SIM_IN_USE}`, query: { begin_from: firstSent + 1, end_by: firstSent + 120_000 } });
		expect(windowed.json.data.map((m: { content: { message: string } }) => m.content.message)).toEqual(['n2', 'n1']);
		expect((await call(sim, { path: `/sms/mt/${SIM_IN_USE}`, query: { page_size: 101 } })).status).toBe(400);
		expect(codeOf(await call(sim, { path: `/sms/mt/${SIM_IN_USE}`, query: { begin_from: 2, end_by: 1 } }))).toBe('CB-00-0001');
		expect(codeOf(await call(sim, { path: `/sms/mt/${UNKNOWN_SIM}` }))).toBe('CB-01-0001');
	});

	it('MO lists the demo\'s inbound SMS and those the admin adds', async () => {
		const seeded = await call(sim, { path: `/sms/mo/${SIM_IN_USE}` });
		expect(seeded.json.data).toEqual([{ org_id: 'P000270', sim_id: SIM_IN_USE, msisdn: expect.any(String), received_at: expect.any(Number), message: { type: 1, content: 'STATUS OK' } }]);
		sim.admin.current.addSmsMo({ simId: OTHER_SIM, content: 'ping' });
		const added = await call(sim, { path: `/sms/mo/${OTHER_SIM}` });
		expect([added.json.total_count, added.json.data[0].message]).toEqual([1, { type: 1, content: 'ping' }]);
	});
});
