import { getCurrentOperation } from '../../src/catalog/current-operations';
import { currentApiError, readCurrentResponse } from '../../src/client/current-response';
import { WAIT_FOR_RESULT, defaultResultState, waitForResult, type WaitForResultOptions } from '../../src/current/wait-for-result';
import { acknowledgeWrite } from '../../src/current/write-acknowledgement';
import { CubeApiError, CubeValidationError, toPlainError } from '../../src/results/errors';

const SIM = '89852002021102915651';

/** A clock that only the injected sleep moves: no real time passes, no timer is used. */
function clock() {
	let t = 1_700_000_000_000;
	const sleeps: number[] = [];
	return {
		now: () => t,
		sleep: jest.fn(async (ms: number) => {
			sleeps.push(ms);
			t += ms;
		}),
		sleeps,
	};
}

function poll(results: unknown[], options: Partial<WaitForResultOptions> = {}) {
	const c = clock();
	const fetchResult = jest.fn(async (_id: string) => (results.length > 1 ? results.shift() : results[0]));
	const run = waitForResult({ requestId: 'REQ-1', fetchResult, sleep: c.sleep, now: c.now, ...options });
	return { run, fetchResult, ...c };
}

const processing = { request_id: 'REQ-1', status: 'processing' };

describe('Wait for Result', () => {
	it('polls with growing waits and returns the final result', async () => {
		const done = { request_id: 'REQ-1', status: 'success' };
		const { run, fetchResult, sleeps } = poll([processing, processing, done]);
		await expect(run).resolves.toEqual({ status: 'succeeded', requestId: 'REQ-1', result: done, polls: 3, waitedMs: 14_000 });
		expect(sleeps).toEqual([2_000, 4_000, 8_000]);
		expect(fetchResult).toHaveBeenCalledWith('REQ-1');
	});

	it('a failed result is final too, its error carried', async () => {
		const failed = { request_id: 'REQ-1', status: 'failed', error: { code: 'CB-01-0107', message: 'not allowed in the current status' } };
		await expect(poll([failed]).run).resolves.toMatchObject({ status: 'failed', result: failed, polls: 1 });
	});

	it('at the bound (default 2 minutes) it is pending with the request id: not an error, not unknown', async () => {
		const { run, sleeps } = poll([processing]);
		await expect(run).resolves.toEqual({ status: 'pending', requestId: 'REQ-1', result: processing, polls: 6, waitedMs: WAIT_FOR_RESULT.defaultTimeoutMs });
		// The last wait ends at the bound, where one more look is taken.
		expect(sleeps).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 58_000]);
	});

	it('30 minutes at most, with waits capped at a minute so the quota is spared', async () => {
		const { run, sleeps } = poll([processing], { timeoutMs: 30 * 60_000 });
		const outcome = await run;
		expect(outcome).toMatchObject({ status: 'pending', waitedMs: 1_800_000 });
		expect(Math.max(...sleeps)).toBe(60_000);
		expect(outcome.polls).toBe(sleeps.length);
		expect(outcome.polls).toBeLessThanOrEqual(35);
	});

	it.each([0, -1, 30 * 60_000 + 1, Number.NaN])('refuses a bound of %p ms before polling', async (timeoutMs) => {
		const { run, fetchResult } = poll([processing], { timeoutMs });
		await expect(run).rejects.toMatchObject({ name: 'CubeValidationError', field: 'waitTimeout' });
		await expect(run).rejects.toBeInstanceOf(CubeValidationError);
		expect(fetchResult).not.toHaveBeenCalled();
	});

	it('passes an error of the result read through as it is', async () => {
		const error = new CubeApiError({ operation: 'current.sim.getAsyncResult', kind: 'server', httpStatus: 500, outcome: 'failed' });
		const c = clock();
		const fetchResult = jest.fn().mockResolvedValueOnce(processing).mockRejectedValueOnce(error);
		await expect(waitForResult({ requestId: 'REQ-1', fetchResult, sleep: c.sleep, now: c.now })).rejects.toBe(error);
		expect(fetchResult).toHaveBeenCalledTimes(2);
	});

	it('an aborted wait ends with the abort', async () => {
		const aborted = new Error('aborted');
		const sleep = jest.fn().mockRejectedValue(aborted);
		await expect(waitForResult({ requestId: 'REQ-1', fetchResult: jest.fn(), sleep })).rejects.toBe(aborted);
	});

	it('an unknown state is waited on, never taken for an outcome; the states can be read another way', async () => {
		expect(['success', 'SUCCEEDED', ' done ', 'completed'].map((status) => defaultResultState({ status }))).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
		expect(['failed', 'Failure', 'error'].map((status) => defaultResultState({ status }))).toEqual(['failed', 'failed', 'failed']);
		expect([{ status: 'processing' }, { status: 2 }, { state: 'success' }, null, 'success'].map(defaultResultState)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
		const classify = (r: unknown) => ((r as { state: number }).state === 9 ? 'succeeded' : 'pending') as 'succeeded' | 'pending';
		await expect(poll([{ state: 1 }, { state: 9 }], { classify }).run).resolves.toMatchObject({ status: 'succeeded', polls: 2 });
	});
});

describe('asynchronous writes told apart from unknown ones', () => {
	it("a write's success answer is pending with its request id, never done", () => {
		const cancel = getCurrentOperation('current.bundle.cancel');
		expect(acknowledgeWrite(cancel, { sim_id: SIM, mode: 'all' }, { request_id: 'REQ-9' })).toEqual({
			status: 'pending',
			operation: 'current.bundle.cancel',
			simIds: [SIM],
			requestId: 'REQ-9',
			followWith: 'asyncResult',
			data: { request_id: 'REQ-9' },
		});
	});

	it('add bundle is asynchronous only when it activates; its order id is kept for Cancel', () => {
		const add = getCurrentOperation('current.bundle.add');
		expect(acknowledgeWrite(add, { sim_id: SIM, activate: false }, { order_id: 'ORD-1', request_id: null })).toEqual({ status: 'done', operation: add.id, simIds: [SIM], orderId: 'ORD-1', data: { order_id: 'ORD-1', request_id: null } });
		expect(acknowledgeWrite(add, { sim_id: SIM, activate: true }, { order_id: 'ORD-2', request_id: 'REQ-2' })).toMatchObject({ status: 'pending', requestId: 'REQ-2', orderId: 'ORD-2' });
		// The v1 answer was data: null.
		expect(acknowledgeWrite(add, { sim_id: SIM, activate: false }, null)).toMatchObject({ status: 'done', data: null });
	});

	it('activate without a request id is pending, followed by the SIM status', () => {
		expect(acknowledgeWrite(getCurrentOperation('current.sim.activate'), { sim_id: SIM }, null)).toMatchObject({ status: 'pending', requestId: null, followWith: 'status' });
	});

	it("an SMS is a job: its 18-digit id stays text, and every SIM is named", () => {
		const ack = acknowledgeWrite(getCurrentOperation('current.sms.send'), { sim_ids: [SIM, '89852002021102915652'] }, { job_id: '898239829382732323' });
		expect(ack).toMatchObject({ status: 'pending', jobId: '898239829382732323', requestId: null, followWith: 'smsSentList', simIds: [SIM, '89852002021102915652'] });
	});

	it('a SIM locked by a pending operation (CB-01-0111) is its own error kind: the SIM named, told to wait, not "outcome unknown"', () => {
		const reading = readCurrentResponse(
			{ status: 200, headers: {}, body: JSON.stringify({ data: null, status: { code: 'CB-01-0111', message: 'SIM has pending operations', detail: null } }) },
			{ simId: SIM },
		);
		expect(reading).toMatchObject({ ok: false, kind: 'locked', code: 'CB-01-0111', notProcessed: true, transient: false });
		if (reading.ok) throw new Error('read as success');
		const error = currentApiError(reading, { operation: 'current.sim.suspend', idempotent: false });
		expect(error).toMatchObject({ kind: 'locked', outcome: 'failed', code: 'CB-01-0111' });
		expect(error.message).toMatch(new RegExp(`SIM ${SIM} is locked by an operation still pending: wait until it ends`));
		expect(error.message).not.toMatch(/Outcome unknown/);
		expect(toPlainError(error, { iccid: SIM })).toMatchObject({ kind: 'locked', iccid: SIM, outcome: 'failed' });
	});

	it('a locked SIM met while waiting ends the wait as that error', async () => {
		const locked = new CubeApiError({ operation: 'current.sim.getAsyncResult', kind: 'locked', code: 'CB-01-0111', outcome: 'failed' });
		const c = clock();
		await expect(waitForResult({ requestId: 'REQ-1', fetchResult: jest.fn().mockRejectedValue(locked), sleep: c.sleep, now: c.now })).rejects.toMatchObject({ kind: 'locked' });
	});
});
