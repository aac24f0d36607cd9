import { CurrentError } from './codes';
import type { FleetView } from './fleet-view';
import type { Jobs } from './jobs';
import type { MoRecord, MtRecord, SmsMessage, SmsStore } from './sms-store';

/**
 * POST /sms and the MT / MO lists (spec §5.13–5.15). Sending is a job (no SIM lock: the lock is for SIM state
 * changes): its MT records start as 3 processing and become 1 success — or 2 failed with the job's error — when
 * the job runs. The limits: at most 100 SIMs and 140 characters (CB-04-9999, the vendor's SMS validation code).
 */

export const MAX_SMS_SIMS = 100;
export const MAX_SMS_CHARS = 140;
const WEEK = 7 * 86_400_000;

export interface SmsContext {
	fleet: FleetView;
	jobs: Jobs;
	store: SmsStore;
	/** The organisation id put on records: the simulator's first legacy access code. */
	orgId: string;
	/** Real clock (the idempotency window). */
	now: () => number;
}

function checkedMessage(value: unknown): SmsMessage {
	if (value === undefined || value === null) throw new CurrentError('missingParameter', 'message is required');
	if (typeof value !== 'object' || Array.isArray(value)) throw new CurrentError('invalidParameter', 'message must be an object {type, content}');
	const { type, content } = value as Record<string, unknown>;
	if (type !== 1 && type !== 2) throw new CurrentError('invalidParameter', 'message.type must be 1 (text) or 2 (binary)');
	if (typeof content !== 'string' || content === '') throw new CurrentError('missingParameter', 'message.content is required');
	const length = [...content].length;
	if (length > MAX_SMS_CHARS) throw new CurrentError('smsInvalid', `message.content has ${length} characters; at most ${MAX_SMS_CHARS}`);
	return { type, content };
}

function checkedSims(value: unknown): string[] {
	if (value === undefined || value === null) throw new CurrentError('missingParameter', 'sim_ids is required');
	if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) throw new CurrentError('invalidParameter', 'sim_ids must be a non-empty list of ICCID strings');
	if (value.length > MAX_SMS_SIMS) throw new CurrentError('smsInvalid', `sim_ids has ${value.length} SIMs; at most ${MAX_SMS_SIMS}`);
	if (new Set(value).size !== value.length) throw new CurrentError('invalidParameter', 'sim_ids repeats a SIM');
	return value as string[];
}

export function sendSms(ctx: SmsContext, body: Record<string, unknown>, keyId: string, nonce: string): { job_id: string } {
	const simIds = checkedSims(body.sim_ids);
	const message = checkedMessage(body.message);
	const sims = simIds.map((id) => ctx.fleet.sim(id));
	const repeat = ctx.store.repeatOf(nonce, simIds, message, ctx.now());
	if (repeat) return { job_id: repeat };
	const sentAtMs = ctx.fleet.state.now();
	const sentAt = new Date(sentAtMs).toISOString();
	const jobId = ctx.jobs.nextId('sms');
	const records: MtRecord[] = sims.map((sim) => ({
		org_id: ctx.orgId,
		sim_id: sim.iccid,
		msisdn: sim.msisdn,
		sent_at: sentAt,
		content: { type: message.type, message: message.content },
		status: 3,
		source: 'API',
		user: keyId,
		update_at: sentAt,
		error: { code: null, message: null },
		job_id: jobId,
		sentAtMs,
	}));
	for (const record of records) ctx.store.addMt(record);
	const settle = (status: number, error?: { code: string; message: string }) => {
		const at = new Date(ctx.fleet.state.now()).toISOString();
		for (const record of records) {
			record.status = status;
			record.update_at = at;
			if (error) record.error = error;
		}
	};
	ctx.jobs.start('sms', simIds, () => settle(1), { locks: false, id: jobId, onFailure: (error) => settle(2, error) });
	ctx.store.remember(nonce, simIds, message, jobId, ctx.now());
	return { job_id: jobId };
}

export interface Page {
	pageNo: number;
	pageSize: number;
}

/** The window of the SMS lists: begin_from / end_by in epoch ms, by default the last 7 days of the simulated clock. */
export interface Window {
	from?: number;
	to?: number;
}

function windowed<T>(items: T[], at: (item: T) => number, window: Window, now: number): T[] {
	const from = window.from ?? now - WEEK;
	const to = window.to ?? now;
	if (from > to) throw new CurrentError('startAfterEnd', `begin_from ${from} is after end_by ${to}`);
	return items.filter((item) => at(item) >= from && at(item) <= to).sort((a, b) => at(b) - at(a));
}

/** MT records newest first; `status` 4 (default) is all. */
export function listMt(ctx: SmsContext, simId: string, status: number, window: Window, page: Page): { items: Omit<MtRecord, 'sentAtMs'>[]; total: number } {
	ctx.fleet.sim(simId);
	const matching = windowed(ctx.store.mt.get(simId) ?? [], (r) => r.sentAtMs, window, ctx.fleet.state.now()).filter((r) => status === 4 || r.status === status);
	const items = matching.slice((page.pageNo - 1) * page.pageSize, page.pageNo * page.pageSize).map(({ sentAtMs: _, ...record }) => record);
	return { items, total: matching.length };
}

export function listMo(ctx: SmsContext, simId: string, window: Window, page: Page): { items: MoRecord[]; total: number } {
	ctx.fleet.sim(simId);
	const matching = windowed(ctx.store.mo.get(simId) ?? [], (r) => r.received_at, window, ctx.fleet.state.now());
	return { items: matching.slice((page.pageNo - 1) * page.pageSize, page.pageNo * page.pageSize), total: matching.length };
}
