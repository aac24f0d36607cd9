import { notificationDigest } from '@linksfield-cube/core';
import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { CANARY_SECRET } from './leak-canary';

/**
 * Forged and valid callbacks for a real runtime's callback endpoint (the n8n trigger, the Node-RED
 * callback-in node). Each attempt is a usage warning about its own SIM, so what the flow / workflow did with it
 * is visible in the simulator's request log: an emitted callback makes the flow query that SIM's usage.
 * After the matrix, exactly the SIMs of the accepted attempts have been queried, each exactly once.
 */

export interface CallbackAttempt {
	name: string;
	method: string;
	headers: Record<string, string>;
	body?: string;
	/** The SIM an emitted callback would be about. */
	iccid: string;
	/** Allowed answers; runtimes differ only for a wrong method (Node-RED's node answers 405, n8n's router 404). */
	statuses: number[];
	/** Whether the flow must run for this attempt. */
	emits: boolean;
}

export const warning = (iccid: string) => ({ devices: [{ deviceId: iccid, warningCode: '1', expireTime: '' }] });

/** The attempts, in order (a replay must follow the delivery it repeats). `wrongMethod` is the runtime's answer to GET/PUT. */
export function callbackMatrix(secret: string, wrongMethod: number[], runId = String(Date.now())): CallbackAttempt[] {
	const sims = DEMO_ICCIDS.slice(20, 40);
	let next = 0;
	const attempt = (name: string, make: (iccid: string) => Omit<CallbackAttempt, 'name' | 'iccid'>): CallbackAttempt => {
		const iccid = sims[next++];
		return { name, iccid, ...make(iccid) };
	};
	const json = { 'content-type': 'application/json' };
	const signed = (body: object, key = secret) => ({ ...json, 'x-lf-md5': notificationDigest(body as Record<string, unknown>, key) });
	const replayed: { body?: string; headers?: Record<string, string> } = {};
	const attempts = [
		attempt('valid, with a delivery id', (iccid) => ({ method: 'POST', headers: { ...signed(warning(iccid)), 'x-lf-delivery': `${runId}-ok` }, body: JSON.stringify(warning(iccid)), statuses: [200], emits: true })),
		attempt('valid, without a delivery id', (iccid) => ({ method: 'POST', headers: signed(warning(iccid)), body: JSON.stringify(warning(iccid)), statuses: [200], emits: true })),
		attempt('missing x-lf-md5', (iccid) => ({ method: 'POST', headers: json, body: JSON.stringify(warning(iccid)), statuses: [401], emits: false })),
		attempt('empty x-lf-md5', (iccid) => ({ method: 'POST', headers: { ...json, 'x-lf-md5': '' }, body: JSON.stringify(warning(iccid)), statuses: [401], emits: false })),
		attempt('wrong digest', (iccid) => ({ method: 'POST', headers: { ...json, 'x-lf-md5': 'd41d8cd98f00b204e9800998ecf8427e' }, body: JSON.stringify(warning(iccid)), statuses: [401], emits: false })),
		attempt('body altered after signing', (iccid) => ({
			method: 'POST',
			headers: signed(warning(iccid)),
			body: JSON.stringify({ devices: [{ deviceId: iccid, warningCode: '4', expireTime: '' }] }),
			statuses: [401],
			emits: false,
		})),
		attempt('signed with the wrong secret', (iccid) => ({ method: 'POST', headers: signed(warning(iccid), `not-${secret}`), body: JSON.stringify(warning(iccid)), statuses: [401], emits: false })),
		attempt('signed with the API secret instead of the notification secret', (iccid) => ({ method: 'POST', headers: signed(warning(iccid), CANARY_SECRET), body: JSON.stringify(warning(iccid)), statuses: [401], emits: false })),
		attempt('first delivery of an id that is replayed next', (iccid) => {
			replayed.body = JSON.stringify(warning(iccid));
			replayed.headers = { ...signed(warning(iccid)), 'x-lf-delivery': `${runId}-replayed` };
			return { method: 'POST', headers: replayed.headers, body: replayed.body, statuses: [200], emits: true };
		}),
	];
	// The callback that came without a delivery id, replayed: as it was, with a fresh id, and re-serialised (the
	// signature covers the key=value pairs, not the JSON text). Acknowledged, never run again.
	const noId = attempts[1];
	const reserialised = JSON.stringify({ devices: [{ warningCode: 1, expireTime: '', deviceId: noId.iccid }] }, null, 1);
	attempts.push(
		{ name: 'replay without a delivery id', iccid: noId.iccid, method: 'POST', headers: noId.headers, body: noId.body, statuses: [200], emits: false },
		{ name: 'replay with a fresh delivery id', iccid: noId.iccid, method: 'POST', headers: { ...noId.headers, 'x-lf-delivery': `${runId}-fresh` }, body: noId.body, statuses: [200], emits: false },
		{ name: 'replay re-serialised (other key order, spacing, a number for a string)', iccid: noId.iccid, method: 'POST', headers: noId.headers, body: reserialised, statuses: [200], emits: false },
	);
	// The exact same delivery again: acknowledged (so the vendor stops resending) but not run twice.
	attempts.push({ name: 'replayed x-lf-delivery, same body', iccid: attempts[attempts.length - 1].iccid, method: 'POST', headers: replayed.headers!, body: replayed.body!, statuses: [200], emits: false });
	attempts.push(
		attempt('replayed x-lf-delivery id on a new, validly signed body', (iccid) => ({ method: 'POST', headers: { ...signed(warning(iccid)), 'x-lf-delivery': `${runId}-replayed` }, body: JSON.stringify(warning(iccid)), statuses: [200], emits: false })),
		attempt('validly signed JSON sent as form-encoded (the body parsers of the runtime must not touch it)', (iccid) => ({
			method: 'POST',
			headers: { ...signed(warning(iccid)), 'content-type': 'application/x-www-form-urlencoded' },
			body: JSON.stringify(warning(iccid)),
			statuses: [200],
			emits: true,
		})),
		attempt('deeply nested JSON (100,000 levels)', (iccid) => ({
			method: 'POST',
			headers: { ...signed(warning(iccid)) },
			body: `{"devices":[{"deviceId":"${iccid}","warningCode":"1","expireTime":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`,
			statuses: [400],
			emits: false,
		})),
		attempt('non-JSON body', (iccid) => ({ method: 'POST', headers: { 'content-type': 'text/plain', 'x-lf-md5': notificationDigest({ deviceId: iccid }, secret) }, body: `deviceId=${iccid}&warningCode=1`, statuses: [400, 401], emits: false })),
		attempt('JSON that is not an object', (iccid) => ({ method: 'POST', headers: { ...json, 'x-lf-md5': 'x' }, body: JSON.stringify([iccid]), statuses: [400, 401], emits: false })),
		attempt('oversized body (validly signed, 1.5 MiB)', (iccid) => {
			const big = { devices: [{ deviceId: iccid, warningCode: '1', expireTime: 'x'.repeat(1536 * 1024) }] };
			return { method: 'POST', headers: signed(big), body: JSON.stringify(big), statuses: [413], emits: false };
		}),
		attempt('oversized body above Node-RED\'s own 5 MB API limit (validly signed, 6 MiB)', (iccid) => {
			const big = { devices: [{ deviceId: iccid, warningCode: '1', expireTime: 'x'.repeat(6 * 1024 * 1024) }] };
			return { method: 'POST', headers: signed(big), body: JSON.stringify(big), statuses: [413], emits: false };
		}),
		attempt('wrong method (PUT, validly signed)', (iccid) => ({ method: 'PUT', headers: signed(warning(iccid)), body: JSON.stringify(warning(iccid)), statuses: wrongMethod, emits: false })),
		attempt('wrong method (GET)', (iccid) => ({ method: 'GET', headers: { 'x-lf-md5': notificationDigest(warning(iccid), secret) }, statuses: wrongMethod, emits: false })),
		attempt('valid, after all the refusals', (iccid) => ({ method: 'POST', headers: { ...signed(warning(iccid)), 'x-lf-delivery': `${runId}-last` }, body: JSON.stringify(warning(iccid)), statuses: [200], emits: true })),
	);
	return attempts;
}

export interface AttemptResult {
	attempt: CallbackAttempt;
	status: number;
	body: string;
}

/** Posts every attempt in order to `url`; a network error counts as status 0. */
export async function sendAttempts(url: string, attempts: CallbackAttempt[]): Promise<AttemptResult[]> {
	const results: AttemptResult[] = [];
	for (const attempt of attempts) {
		try {
			const res = await fetch(url, { method: attempt.method, headers: attempt.headers, body: attempt.body });
			results.push({ attempt, status: res.status, body: await res.text() });
		} catch (error) {
			results.push({ attempt, status: 0, body: String((error as Error).message) });
		}
	}
	return results;
}

/** Attempts whose answer is not the receiver's JSON acknowledgement / refusal (e.g. a runtime's HTML error page). */
export function foreignAnswers(results: AttemptResult[]): string[] {
	const ours = (body: string) => {
		try {
			return typeof (JSON.parse(body) as { success?: unknown }).success === 'boolean';
		} catch {
			return false;
		}
	};
	return results.filter((r) => !ours(r.body)).map((r) => `${r.attempt.name}: ${r.status} ${r.body.slice(0, 120)}`);
}

/** "name: got S, want one of […]" for every attempt answered otherwise than expected. */
export function wrongStatuses(results: AttemptResult[]): string[] {
	return results.filter((r) => !r.attempt.statuses.includes(r.status)).map((r) => `${r.attempt.name}: got ${r.status} (${r.body.slice(0, 120)}), want ${r.attempt.statuses.join(' or ')}`);
}

/** SIM → how many times it must have been queried after the matrix. */
export function expectedQueries(attempts: CallbackAttempt[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const a of attempts) if (a.emits) out[a.iccid] = (out[a.iccid] ?? 0) + 1;
	return out;
}
