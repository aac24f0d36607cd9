import { createHash } from 'node:crypto';

/**
 * SMS of the current API (spec §5.13–5.15): MT records per SIM written by POST /sms jobs, MO records per SIM
 * (admin-injected, plus one in the demo seed), and the send idempotency: the same nonce, SIMs and message within
 * 10 s is the same request — the same job id, sent once. Times of records are on the simulated clock; the
 * 10-second window on the real clock, as the client's retry runs in real time.
 */

export interface SmsMessage {
	type: number;
	content: string;
}

export interface MtRecord {
	org_id: string;
	sim_id: string;
	msisdn: string;
	sent_at: string;
	content: { type: number; message: string };
	/** 1 success, 2 failed, 3 processing. */
	status: number;
	source: string;
	user: string;
	update_at: string;
	error: { code: string | null; message: string | null };
	/** The simulator's own: the job that sent it (the vendor's MT-by-job path is NOT FOUND). */
	job_id: string;
	/** Simulated epoch ms of sent_at, for filtering; not sent. */
	sentAtMs: number;
}

export interface MoRecord {
	org_id: string;
	sim_id: string;
	msisdn: string;
	received_at: number;
	message: { type: number; content: string };
}

export const SMS_IDEMPOTENCY_MS = 10_000;

export class SmsStore {
	readonly mt = new Map<string, MtRecord[]>();
	readonly mo = new Map<string, MoRecord[]>();
	private readonly recent = new Map<string, { jobId: string; at: number }>();
	sent = 0;
	deduplicated = 0;

	/** The job id of the same send within the window, if there was one. */
	repeatOf(nonce: string, simIds: string[], message: SmsMessage, now: number): string | undefined {
		for (const [key, entry] of this.recent) if (now - entry.at > SMS_IDEMPOTENCY_MS) this.recent.delete(key);
		const hit = this.recent.get(sendKey(nonce, simIds, message));
		if (hit) this.deduplicated++;
		return hit?.jobId;
	}

	remember(nonce: string, simIds: string[], message: SmsMessage, jobId: string, now: number): void {
		this.recent.set(sendKey(nonce, simIds, message), { jobId, at: now });
	}

	addMt(record: MtRecord): void {
		const list = this.mt.get(record.sim_id) ?? [];
		list.push(record);
		this.mt.set(record.sim_id, list);
		this.sent++;
	}

	addMo(record: MoRecord): void {
		const list = this.mo.get(record.sim_id) ?? [];
		list.push(record);
		this.mo.set(record.sim_id, list);
	}

	clear(): void {
		this.mt.clear();
		this.mo.clear();
		this.recent.clear();
		this.sent = this.deduplicated = 0;
	}
}

/** Same nonce, same SIMs (in order), same message: spec §5.13's "same request". */
const sendKey = (nonce: string, simIds: string[], message: SmsMessage) => createHash('sha1').update(JSON.stringify([nonce, simIds, message.type, message.content])).digest('base64');
