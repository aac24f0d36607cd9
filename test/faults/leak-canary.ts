import { inspect } from 'node:util';
import type { SimulatorOptions } from '@linksfield-cube/simulator';
import { TEST_ACCOUNT } from '@linksfield-cube/testkit';

/**
 * Distinctive secrets for the fault/abuse suites: configured on the simulator's account and in the node
 * credential, so every signed request uses them. None of them may show up in any error, output or log line
 * the suites collect (issue 7, "no secret leaks").
 */
export const CANARY_ACCESS_CODE = TEST_ACCOUNT.accessCode;
export const CANARY_SECRET = 'leak-canary-secret-5d1e7b20c4';
export const CANARY_NOTIFICATION_SECRET = 'leak-canary-notification-secret-9c4a02e8';
export const CANARIES = [CANARY_SECRET, CANARY_NOTIFICATION_SECRET];
/** The canary account as a node's credentials (n8n credential data, Node-RED config node credentials). */
export const CANARY_CREDENTIALS = { accessCode: CANARY_ACCESS_CODE, secret: CANARY_SECRET, notificationSecret: CANARY_NOTIFICATION_SECRET };
/** Overrides for startTestSimulator: only the canary account is accepted; no callback redelivery. */
export const CANARY_SIMULATOR: SimulatorOptions = { accounts: [{ accessCode: CANARY_ACCESS_CODE, secret: CANARY_SECRET }], notificationSecret: CANARY_NOTIFICATION_SECRET, callbackRetries: 0 };

/** Everything about a value that could reach a user: message, stack, description, own fields, nested causes. */
export function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	const parts: string[] = [];
	if (value instanceof Error) {
		parts.push(value.message, value.stack ?? '');
		const described = (value as { description?: unknown }).description;
		if (described !== undefined) parts.push(String(described));
	}
	// inspect walks own properties (also non-enumerable ones with showHidden), getters aside, and copes with cycles.
	parts.push(inspect(value, { depth: 12, showHidden: true, maxArrayLength: 2000, maxStringLength: Infinity, breakLength: Infinity }));
	try {
		parts.push(JSON.stringify(value) ?? '');
	} catch {
		// Circular: inspect above already has it.
	}
	return parts.join('\n');
}

/** Collects what a suite produced; `check()` lists every place a canary appears. */
export class LeakCollector {
	private readonly entries: Array<{ source: string; text: string }> = [];

	add(source: string, value: unknown): void {
		this.entries.push({ source, text: textOf(value) });
	}

	get count(): number {
		return this.entries.length;
	}

	/** Total characters collected: a guard that the suite really looked at something. */
	get size(): number {
		return this.entries.reduce((n, e) => n + e.text.length, 0);
	}

	/** "<source>: …<context>…" for each canary found. */
	leaks(canaries: string[] = CANARIES): string[] {
		const found: string[] = [];
		for (const { source, text } of this.entries) {
			for (const canary of canaries) {
				const at = text.indexOf(canary);
				if (at >= 0) found.push(`${source}: …${text.slice(Math.max(0, at - 80), at + canary.length + 20)}…`);
			}
		}
		return found;
	}
}
