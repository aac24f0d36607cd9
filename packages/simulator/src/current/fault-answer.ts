import type http from 'node:http';
import type { ActiveFault } from '../faults';
import type { Language } from '../messages';
import { CURRENT_CODES, currentMessage } from './codes';

/**
 * The simulator's fault rules (the same `--faults` and /_sim/faults) answered in the current API's shape:
 * `{data, status}` envelopes, CB- codes. A `business` rule's code is used when it is a CB- code, else CB-99-9500.
 * `device-error` belongs to the legacy bulk order and does nothing here.
 */

export interface Sent {
	httpStatus: number;
	code?: string;
}

export function statusEnvelope(code: string, message: string, data: unknown = null): string {
	return JSON.stringify({ data, status: { code, message, detail: null } });
}

/** Answers with the fault; `carriedOut` is the real answer of an `after` rule (a 429 then carries it). */
export function injureCurrent(
	fault: ActiveFault,
	req: http.IncomingMessage,
	send: (status: number, body: string, headers?: Record<string, string>) => void,
	language: Language,
	carriedOut?: { body: string },
): Sent | undefined {
	switch (fault.kind) {
		case 'rate-limit': {
			const body = carriedOut?.body ?? statusEnvelope(CURRENT_CODES.tooManyRequests.code, currentMessage('tooManyRequests', language));
			send(429, body, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
			return { httpStatus: 429, code: carriedOut ? undefined : CURRENT_CODES.tooManyRequests.code };
		}
		case 'status': {
			const status = fault.status ?? 503;
			send(status, statusEnvelope(CURRENT_CODES.internal.code, currentMessage('internal', language, 'injected fault')));
			return { httpStatus: status, code: CURRENT_CODES.internal.code };
		}
		case 'malformed':
			send(200, '{"data":{"sim_id":');
			return { httpStatus: 200 };
		case 'business': {
			const code = fault.code?.startsWith('CB-') ? fault.code : CURRENT_CODES.injected.code;
			send(200, statusEnvelope(code, fault.message ?? currentMessage('injected', language)));
			return { httpStatus: 200, code };
		}
		case 'reset':
			req.socket.destroy();
			return { httpStatus: 0 };
		case 'timeout':
			// Held open, unanswered, until the client gives up or the simulator closes.
			return { httpStatus: 0 };
		default:
			return undefined;
	}
}
