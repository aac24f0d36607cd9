import { DAY } from './dates';
import { DEFAULT_PLAN, findPlan, PERIOD_DAYS, PLANS, type Plan } from './plans';
import { createRandom, unitFor } from './random';
import { State, type LazyFleet } from './state';

/**
 * Seed data sets:
 *   demo     — 50 SIMs (89852022018041800150…199, including the spec's example ICCIDs …192 and …193) with
 *              several plans, a few near their data limit, two expiring soon, one paused, one with a queued
 *              order, one trial, two with no plan at all.
 *   fleet:N  — N SIMs (N ≤ 100,000) on the 1 GB monthly plan, built lazily the first time each is touched.
 *   empty    — no SIMs.
 */

export const MAX_FLEET = 100_000;

export type SeedName = 'demo' | 'empty' | `fleet:${number}`;

export function parseSeed(seed: string): { kind: 'demo' | 'empty' } | { kind: 'fleet'; size: number } {
	if (seed === 'demo' || seed === 'empty') return { kind: seed };
	const m = /^fleet:(\d+)$/.exec(seed);
	if (m && Number(m[1]) >= 1 && Number(m[1]) <= MAX_FLEET) return { kind: 'fleet', size: Number(m[1]) };
	throw new Error(`Unknown seed "${seed}": use demo, empty or fleet:N with 1 ≤ N ≤ ${MAX_FLEET}`);
}

export function createState(seed: string, randomSeed: number, startTime: number): State {
	const parsed = parseSeed(seed);
	if (parsed.kind === 'fleet') return new State(startTime, lazyFleet(parsed.size, randomSeed));
	const state = new State(startTime);
	if (parsed.kind === 'demo') seedDemo(state, randomSeed);
	return state;
}

const imsiFor = (iccid: string) => '45400' + iccid.slice(-10);
const msisdnFor = (iccid: string) => '8526' + iccid.slice(-7);

/** The spec's example order id (spec §6.3.4), so the documented renew example works against the demo. */
export const DEMO_EXAMPLE_ORDER = '202107061625560742397';
export const DEMO_ICCIDS = Array.from({ length: 50 }, (_, i) => '89852022018041800' + String(150 + i));

/** Demo SIMs with a known role, for tests and examples that need one (the roles are set in seedDemo below). */
export const DEMO_SIMS = {
	/** The spec's example ICCID: a plan in use whose order is DEMO_EXAMPLE_ORDER. */
	inUse: '89852022018041800192',
	withQueuedOrder: DEMO_ICCIDS[6],
	paused: DEMO_ICCIDS[7],
	unenabledOnly: DEMO_ICCIDS[9],
	noPlan: DEMO_ICCIDS[48],
	noPlan2: DEMO_ICCIDS[49],
	/** Not in the demo set. */
	unknown: '89852022018041800100',
};

/** A plan's identifying fields as an order carries them. */
const planFields = (plan: Plan) => ({ package_code: plan.code, package_name: plan.name, package_type: plan.type });

/** A valid order of the 1 GB monthly plan, with every field as the wire wants it (strings). */
export const DEMO_PLAN_ORDER = {
	...planFields(DEFAULT_PLAN),
	order_period: '1',
	is_open: '0',
	global_order: '0',
	pay_amount: '12.00',
	pay_rst: '2',
	pay_type: '1',
	test_flow: '0',
	test_flow_flag: '0',
};

/** The OTA day plan's fields, to lay over DEMO_PLAN_ORDER for an OTA order (days and timing_type are the caller's). */
export const DEMO_OTA_PLAN = planFields(findPlan('DP20201218003915')!);

function seedDemo(state: State, randomSeed: number): void {
	const random = createRandom(randomSeed);
	const now = state.now();
	const everyday = PLANS.filter((p) => p.code !== 'DP20201218003915' && p.code !== 'DP20190726001274');
	const daysAgo = (d: number) => now - Math.round(d * DAY);
	DEMO_ICCIDS.forEach((iccid, i) => {
		const noPlan = i >= 48;
		const plan = i === 42 || i === 43 ? DEFAULT_PLAN : everyday[Math.floor(random() * everyday.length)];
		const periodDays = PERIOD_DAYS[plan.type];
		const mbPerDay = Math.max(1, Math.round((plan.volumeMb / periodDays) * (0.2 + random())));
		state.addSim({ iccid, imsi: imsiFor(iccid), msisdn: msisdnFor(iccid), lifeCycle: noPlan || i === 9 ? '1' : '2', mbPerDay });
		if (noPlan) return;
		const inUse = (startedDaysAgo: number, extra: Partial<Parameters<State['addOrder']>[0]> = {}) =>
			state.addOrder({ iccid, plan, status: 'inUse', orderedAt: daysAgo(startedDaysAgo + 1), startedAt: daysAgo(startedDaysAgo), ...extra });
		// Started within its period (daily plans: today), so nothing has expired at the start.
		const started = periodDays === 1 ? random() * 0.5 : random() * Math.min(periodDays - 8, 25);
		if (i < 4) {
			const order = inUse(started);
			order.usedBaseMb = Math.floor(order.volumeMb * (0.92 + i * 0.02));
			order.usedSince = now;
		} else if (i === 4 || i === 5) inUse(PERIOD_DAYS[DEFAULT_PLAN.type] - 4, { plan: DEFAULT_PLAN });
		else if (i === 6) {
			inUse(started);
			state.addOrder({ iccid, plan, status: 'unenabled', orderedAt: daysAgo(1) });
		} else if (i === 7) {
			const order = inUse(started + 2);
			order.status = 'paused';
			order.pausedAt = daysAgo(2);
			order.usedBaseMb = Math.floor(mbPerDay * started);
		} else if (i === 8) {
			state.addOrder({ iccid, plan: DEFAULT_PLAN, status: 'ended', orderedAt: daysAgo(70), startedAt: daysAgo(65), endedAt: daysAgo(35), usedBaseMb: 1024 });
			inUse(started);
		} else if (i === 9) state.addOrder({ iccid, plan, status: 'unenabled', orderedAt: daysAgo(3) });
		else if (i === 10) {
			const trial = findPlan('DP20230101000005') as Plan;
			const order = inUse(0.2, { plan: trial, periodVolumeMb: 100, testFlowFlag: '1', payAmount: '0' });
			order.usedBaseMb = 90;
			order.usedSince = now;
		} else inUse(started, i === 42 ? { id: DEMO_EXAMPLE_ORDER } : {});
	});
}

/** Luhn check digit, so generated ICCIDs look like real ones. */
function luhn(digits: string): string {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
		sum += d;
	}
	return String((10 - (sum % 10)) % 10);
}

const FLEET_PREFIX = '8985202300';
const FLEET_ORDER_PREFIX = 'ORDER_2';

/** SIM i of a fleet: ICCID 8985202300 + 9-digit index + check digit; its order ORDER_2 + 11-digit index. */
function lazyFleet(size: number, randomSeed: number): LazyFleet {
	const iccidOf = (index: number) => {
		const body = FLEET_PREFIX + String(index).padStart(9, '0');
		return body + luhn(body);
	};
	const orderIdOf = (index: number) => FLEET_ORDER_PREFIX + String(index).padStart(11, '0');
	const indexBy = (pattern: RegExp, text: string, expected: (i: number) => string) => {
		const m = pattern.exec(text);
		const i = m ? Number(m[1]) : -1;
		return i >= 0 && i < size && expected(i) === text ? i : -1;
	};
	return {
		size,
		iccidOf,
		orderIdOf,
		indexOfIccid: (iccid) => indexBy(/^8985202300(\d{9})\d$/, iccid, iccidOf),
		indexOfOrder: (orderId) => indexBy(/^ORDER_2(\d{11})$/, orderId, orderIdOf),
		build(index, state) {
			const iccid = iccidOf(index);
			const trait = unitFor(`${randomSeed}:${iccid}`);
			const mbPerDay = Math.max(1, Math.round((DEFAULT_PLAN.volumeMb / 30) * (0.3 + trait)));
			state.addSim({ iccid, imsi: imsiFor(iccid), msisdn: msisdnFor(iccid), lifeCycle: '2', mbPerDay });
			const startedAt = state.startTime - Math.round(trait * 25 * DAY);
			state.addOrder({ id: orderIdOf(index), iccid, plan: DEFAULT_PLAN, status: 'inUse', orderedAt: startedAt - DAY, startedAt }, false);
		},
	};
}
