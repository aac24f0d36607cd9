import type { ClientLimits } from './client-limits';
import { CURRENT_CODE_TABLE } from './codes';
import type { CurrentApi } from './current-api';
import type { JobFailure, JobRecord } from './jobs';
import type { NotificationDelivery, NotifyOptions } from './notifications';
import { USAGE_EVENT, usageAlertBody } from './usage-alerts';

/**
 * The admin side of the current API (typed, and as JSON under /_sim/current/…): its configuration, the jobs and
 * their timing, injected job failures, inbound SMS, notifications, and the counters tests assert "exactly once" on.
 */

export interface CurrentCounters {
	bundlesAdded: number;
	bundlesAddedBySim: Record<string, number>;
	jobs: number;
	jobsPending: number;
	jobsByOperation: Record<string, number>;
	jobsByStatus: Record<string, number>;
	smsSent: number;
	smsDeduplicated: number;
	rejectedAuthorization: number;
	rejectedSignatures: number;
	rateLimited: number;
	concurrencyLimited: number;
	quotaExceeded: number;
	quotaUsed: Record<string, number>;
	notificationsSent: number;
	notificationsFailed: number;
}

export type FireNotification = NotifyOptions & ({ kind: 'usage'; simId: string; thresholdPercent?: number } | { kind: 'raw'; event?: string; body: Record<string, unknown> });

export class CurrentAdmin {
	constructor(readonly api: CurrentApi) {}

	info() {
		const { api } = this;
		return {
			keyIds: [...api.keys.keys()],
			demoKey: api.demoKey ? { keyId: api.demoKey.keyId, privateKeyPath: api.demoKey.privateKeyPath } : null,
			demoKeyError: api.demoKeyError ?? null,
			stateDir: api.stateDir,
			notificationKeyId: api.notifications.keyId,
			notificationUrl: api.notifications.url ?? null,
			asyncDelayMs: api.jobs.delayMs,
			limits: api.limiter.get(),
			usageThresholds: api.alerts.thresholds,
		};
	}

	setLimits(limits: ClientLimits): Required<ClientLimits> {
		return this.api.limiter.set(limits);
	}

	setAsyncDelay(ms: number): number {
		if (!(Number.isInteger(ms) && ms >= 0)) throw new Error('ms must be a whole number ≥ 0');
		this.api.jobs.delayMs = ms;
		return ms;
	}

	jobs(filter: { simId?: string; status?: string } = {}): JobRecord[] {
		return this.api.jobs.list(filter);
	}

	/** Runs every pending job now; resolves to how many ran. */
	finishJobs(): { finished: number } {
		return { finished: this.api.jobs.finishAll() };
	}

	/** The next `count` jobs fail with this code (default CB-99-9500). */
	failNextJobs(failure: JobFailure & { count?: number } = {}): { queued: number } {
		const count = failure.count ?? 1;
		if (!(Number.isInteger(count) && count >= 1)) throw new Error('count must be a whole number ≥ 1');
		return { queued: this.api.jobs.failNext({ code: failure.code, message: failure.message }, count) };
	}

	/** An inbound SMS on a SIM, for GET /sms/mo/{sim_id}; received now on the simulated clock. */
	addSmsMo(input: { simId: string; content?: string; type?: number }) {
		const sim = this.api.fleet.sim(input.simId);
		const record = { org_id: this.api.orgId, sim_id: sim.iccid, msisdn: sim.msisdn, received_at: this.api.fleet.state.now(), message: { type: input.type ?? 1, content: input.content ?? 'hello' } };
		this.api.sms.addMo(record);
		return record;
	}

	setNotificationUrl(url: string | null): string | null {
		if (url !== null) new URL(url);
		this.api.notifications.url = url ?? undefined;
		return url;
	}

	fireNotification(spec: FireNotification): Promise<NotificationDelivery> {
		const options = { forge: spec.forge, unsigned: spec.unsigned };
		if (spec.kind === 'raw') {
			if (!spec.body || typeof spec.body !== 'object') throw new Error('a raw notification needs a body object');
			return this.api.notifications.send(spec.event ?? 'raw', spec.body, options);
		}
		if (spec.kind !== 'usage') throw new Error('notification kind must be usage or raw');
		const { state } = this.api.fleet;
		const order = state.currentOrder(this.api.fleet.sim(spec.simId));
		if (!order) throw new Error(`${spec.simId} has no bundle in use`);
		const percent = order.volumeMb > 0 ? (state.usedMb(order) / order.volumeMb) * 100 : 0;
		return this.api.notifications.send(USAGE_EVENT, usageAlertBody(state, { order, threshold: spec.thresholdPercent ?? Math.floor(percent), percent }), options);
	}

	notifications(): NotificationDelivery[] {
		return this.api.notifications.deliveries();
	}

	flushNotifications(): Promise<void> {
		return this.api.notifications.flush();
	}

	clearNotifications(): void {
		this.api.notifications.clear();
	}

	counters(): CurrentCounters {
		const { api } = this;
		const obj = (m: Map<string, number>) => Object.fromEntries(m);
		const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
		return {
			bundlesAdded: sum(api.writes.bundlesAddedBySim),
			bundlesAddedBySim: obj(api.writes.bundlesAddedBySim),
			jobs: sum(api.jobs.byOperation),
			jobsPending: api.jobs.list({ status: 'processing' }).length,
			jobsByOperation: obj(api.jobs.byOperation),
			jobsByStatus: obj(api.jobs.byStatus),
			smsSent: api.sms.sent,
			smsDeduplicated: api.sms.deduplicated,
			rejectedAuthorization: api.rejectedAuthorization,
			rejectedSignatures: api.rejectedSignatures,
			rateLimited: api.limiter.rateLimited,
			concurrencyLimited: api.limiter.concurrencyLimited,
			quotaExceeded: api.limiter.quotaExceeded,
			quotaUsed: api.limiter.quotaUsed(),
			notificationsSent: api.notifications.sent,
			notificationsFailed: api.notifications.failed,
		};
	}

	/** Zeroes the counters and today's quota; jobs, locks and data stay. */
	resetCounters(): void {
		const { api } = this;
		api.writes.bundlesAddedBySim.clear();
		api.jobs.resetCounters();
		api.sms.sent = api.sms.deduplicated = 0;
		api.rejectedAuthorization = api.rejectedSignatures = 0;
		api.limiter.clear();
		api.notifications.sent = api.notifications.failed = 0;
	}

	codes() {
		return CURRENT_CODE_TABLE;
	}
}

type Query = URLSearchParams;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route reads the JSON body it documents
type CurrentAdminRoute = { method: string; path: RegExp; run: (admin: { current: CurrentAdmin }, body: any, match: RegExpMatchArray, query: Query) => unknown; help: string };

/** Routes under /_sim/current, served by admin.ts with its own. */
export const CURRENT_ADMIN_ROUTES: CurrentAdminRoute[] = [
	{ method: 'GET', path: /^\/current$/, run: (a) => a.current.info(), help: 'current API: key ids, demo key file, notification key id and URL, async delay, limits' },
	{ method: 'PUT', path: /^\/current\/limits$/, run: (a, b) => a.current.setLimits(b ?? {}), help: 'per-IP limits {perSecond?, concurrent?, dailyQuota?}; 0 = off' },
	{ method: 'PUT', path: /^\/current\/async-delay$/, run: (a, b) => a.current.setAsyncDelay(Number(b?.ms)), help: 'delay before an async job runs: {ms}' },
	{ method: 'GET', path: /^\/current\/jobs$/, run: (a, _b, _m, q) => a.current.jobs({ simId: q.get('sim_id') ?? undefined, status: q.get('status') ?? undefined }), help: 'async jobs (?sim_id=&status=processing|success|failed)' },
	{ method: 'POST', path: /^\/current\/jobs\/finish$/, run: (a) => a.current.finishJobs(), help: 'run every pending job now' },
	{ method: 'POST', path: /^\/current\/jobs\/fail-next$/, run: (a, b) => a.current.failNextJobs(b ?? {}), help: 'the next jobs fail: {count?, code?, message?}' },
	{ method: 'POST', path: /^\/current\/sms-mo$/, run: (a, b) => a.current.addSmsMo({ simId: b?.sim_id, content: b?.content, type: b?.type }), help: 'an inbound SMS: {sim_id, content?, type?}' },
	{ method: 'PUT', path: /^\/current\/notification-url$/, run: (a, b) => a.current.setNotificationUrl(b?.url ?? null), help: '{url} where notifications go; {} = nowhere' },
	{ method: 'POST', path: /^\/current\/notifications$/, run: (a, b) => a.current.fireNotification(b), help: 'send a notification: {kind: usage, simId, thresholdPercent?} or {kind: raw, event?, body}; forge?, unsigned?' },
	{ method: 'GET', path: /^\/current\/notifications$/, run: (a) => a.current.notifications(), help: 'recent notification deliveries' },
	{ method: 'DELETE', path: /^\/current\/notifications$/, run: (a) => a.current.clearNotifications(), help: 'forget the notification deliveries' },
	{ method: 'GET', path: /^\/current\/counters$/, run: (a) => a.current.counters(), help: 'bundles added per SIM, jobs, SMS, rejections, limits, notifications' },
	{ method: 'DELETE', path: /^\/current\/counters$/, run: (a) => a.current.resetCounters(), help: 'zero the current API counters and today\'s quota' },
	{ method: 'GET', path: /^\/current\/codes$/, run: (a) => a.current.codes(), help: 'the current API\'s status codes, the simulator\'s own marked' },
];
