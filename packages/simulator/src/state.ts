import { DAY, formatDate } from './dates';
import { SimError } from './messages';
import { findPlan, PERIOD_DAYS, type Plan } from './plans';

/**
 * The simulated platform: SIMs, orders and a clock that only moves when told to (so usage is deterministic).
 * Everything is in Maps keyed by ICCID / order id. A generated fleet is materialised lazily, one SIM at a time,
 * so a 100,000-SIM fleet starts instantly and costs memory only for the SIMs a test touches.
 */

export type OrderStatus = 'unenabled' | 'inUse' | 'ended' | 'cancelled' | 'paused';

/** `orderStatus` / `order_status` values: the vendor never documented them (spec §6.3.5); these are the simulator's. */
export const CODE_OF_ORDER_STATUS: Record<OrderStatus, string> = { unenabled: '0', inUse: '1', ended: '2', cancelled: '3', paused: '4' };

export type BuyType = 'order' | 'bulk' | 'ota' | 'seed';

/** `buyType` / `order_type` values, the simulator's own. */
export const BUY_TYPE_CODES: Record<BuyType, string> = { order: '1', bulk: '2', ota: '3', seed: '1' };

export interface Sim {
	iccid: string;
	imsi: string;
	msisdn: string;
	/** 1 pre-activation, 2 activation, 3 pre-deactivation, 4 deactivated (spec §6.1.3, cut off after 3). */
	lifeCycle: string;
	/** How fast this SIM uses data while an order is in use. */
	mbPerDay: number;
	orderIds: string[];
}

export interface Order {
	id: string;
	iccid: string;
	plan: Plan;
	buyType: BuyType;
	status: OrderStatus;
	periods: number;
	/** Length of one period; renewing adds whole periods. */
	periodMs: number;
	/** Validity once enabled (grows with renewals before enabling). */
	durationMs: number;
	/** Data per period; renewing adds whole periods of it. */
	periodVolumeMb: number;
	volumeMb: number;
	orderedAt: number;
	startedAt?: number;
	expiresAt?: number;
	endedAt?: number;
	pausedAt?: number;
	/** Usage is usedBaseMb + growth since usedSince while in use: nothing is stored per tick. */
	usedBaseMb: number;
	usedSince: number;
	renewCount: number;
	payAmount: string;
	payRst: string;
	payType: string;
	isOpen: string;
	globalOrder: string;
	testFlowFlag: string;
	/** Warning codes already pushed for this order, so a threshold is announced once. */
	warned: Set<string>;
}

export interface WarningDevice {
	deviceId: string;
	warningCode: string;
	expireTime: string;
}

export type StateEvent =
	| { kind: 'orderStatus'; operation: string; order: Order; at: number }
	| { kind: 'usageWarning'; devices: WarningDevice[] };

/** Order fields as the order endpoints take them (already checked on the wire). */
export interface OrderInput {
	package_code: string;
	package_name: string;
	package_type: string;
	order_period: string;
	is_open: string;
	global_order: string;
	pay_amount?: string;
	pay_rst: string;
	pay_type?: string;
	test_flow: string;
	test_flow_flag: string;
}

export interface OrderFilter {
	device_id?: string;
	order_id?: string;
	order_status?: string;
	order_type?: string;
}

/** A fleet generated on demand: SIM i exists from the start but is built only when first touched. */
export interface LazyFleet {
	size: number;
	indexOfIccid(iccid: string): number;
	indexOfOrder(orderId: string): number;
	iccidOf(index: number): string;
	orderIdOf(index: number): string;
	build(index: number, state: State): void;
}

const WEEK = 7 * DAY;

export class State {
	readonly sims = new Map<string, Sim>();
	readonly orders = new Map<string, Order>();
	/** Orders in creation order, except a lazy fleet's own (listed virtually before these). */
	private readonly listed: string[] = [];
	private readonly demoIccids: string[] = [];
	private seq = 0;
	private offsetMs = 0;
	smsSent = 0;
	listener: (event: StateEvent) => void = () => undefined;

	constructor(
		readonly startTime: number,
		readonly fleet?: LazyFleet,
	) {}

	now(): number {
		return this.startTime + this.offsetMs;
	}

	// ----- building blocks used by the seeds -----

	addSim(sim: Omit<Sim, 'orderIds'>): Sim {
		const full = { ...sim, orderIds: [] };
		this.sims.set(sim.iccid, full);
		if (!this.fleet) this.demoIccids.push(sim.iccid);
		return full;
	}

	/** An order placed in the past (seed data): no events, no counters. */
	addOrder(init: Partial<Order> & Pick<Order, 'iccid' | 'plan' | 'status' | 'orderedAt'>, listed = true): Order {
		const periods = init.periods ?? 1;
		const periodMs = init.periodMs ?? PERIOD_DAYS[init.plan.type] * DAY;
		const periodVolumeMb = init.periodVolumeMb ?? init.plan.volumeMb;
		const order: Order = {
			id: init.id ?? this.nextOrderId(),
			buyType: 'seed',
			periods,
			periodMs,
			durationMs: periodMs * periods,
			periodVolumeMb,
			volumeMb: periodVolumeMb * periods,
			usedBaseMb: 0,
			usedSince: init.startedAt ?? init.orderedAt,
			renewCount: 0,
			payAmount: init.plan.price,
			payRst: '2',
			payType: '1',
			isOpen: init.startedAt !== undefined ? '1' : '0',
			globalOrder: '0',
			testFlowFlag: '0',
			warned: new Set(),
			...init,
		};
		if (order.startedAt !== undefined && order.expiresAt === undefined) order.expiresAt = order.startedAt + order.durationMs;
		this.orders.set(order.id, order);
		this.sims.get(order.iccid)!.orderIds.push(order.id);
		if (listed) this.listed.push(order.id);
		return order;
	}

	private nextOrderId(): string {
		return 'ORDER_1' + String(++this.seq).padStart(11, '0');
	}

	// ----- lookups -----

	findSim(iccid: string): Sim | undefined {
		const sim = this.sims.get(iccid);
		if (sim || !this.fleet) return sim;
		const index = this.fleet.indexOfIccid(iccid);
		if (index < 0) return undefined;
		this.fleet.build(index, this);
		return this.sims.get(iccid);
	}

	sim(iccid: string): Sim {
		const sim = this.findSim(iccid);
		if (!sim) throw new SimError('simNotFound', iccid);
		return sim;
	}

	findOrder(id: string): Order | undefined {
		let order = this.orders.get(id);
		if (!order && this.fleet) {
			const index = this.fleet.indexOfOrder(id);
			if (index >= 0) {
				this.fleet.build(index, this);
				order = this.orders.get(id);
			}
		}
		if (order) this.settle(order);
		return order;
	}

	order(id: string): Order {
		const order = this.findOrder(id);
		if (!order) throw new SimError('orderNotFound', id);
		return order;
	}

	/** The order in use or paused (at most one per SIM). */
	currentOrder(sim: Sim): Order | undefined {
		for (let i = sim.orderIds.length - 1; i >= 0; i--) {
			const order = this.orders.get(sim.orderIds[i])!;
			this.settle(order);
			if (order.status === 'inUse' || order.status === 'paused') return order;
		}
		return undefined;
	}

	/** Every SIM; builds the whole lazy fleet (only listing endpoints and weekly pushes need that). */
	*allSims(): Iterable<Sim> {
		if (this.fleet) for (let i = 0; i < this.fleet.size; i++) yield this.sim(this.fleet.iccidOf(i));
		else for (const iccid of this.demoIccids) yield this.sims.get(iccid)!;
	}

	// ----- usage -----

	usedMb(order: Order): number {
		if (order.status !== 'inUse') return order.usedBaseMb;
		const until = Math.min(this.now(), order.expiresAt ?? Infinity);
		const grown = order.usedBaseMb + (this.sims.get(order.iccid)!.mbPerDay * Math.max(0, until - order.usedSince)) / DAY;
		return Math.min(order.volumeMb, Math.floor(grown));
	}

	/** Stores the usage so far, before a change of status or rate. */
	private freeze(order: Order): void {
		order.usedBaseMb = this.usedMb(order);
		order.usedSince = this.now();
	}

	setUsage(iccid: string, usedMb: number): Order {
		const order = this.currentOrder(this.sim(iccid));
		if (!order) throw new SimError('simHasNoOrderInUse', iccid);
		order.usedBaseMb = Math.max(0, Math.min(order.volumeMb, Math.floor(usedMb)));
		order.usedSince = this.now();
		if (order.usedBaseMb < order.volumeMb) order.warned.delete('4');
		this.announce(this.thresholds(order));
		return order;
	}

	// ----- the clock -----

	/** Moves the clock; orders expire, thresholds are crossed, and the weekly push runs when a week boundary passes. */
	advance(ms: number): number {
		if (!(ms >= 0)) throw new Error('the clock only moves forward');
		const before = this.now();
		this.offsetMs += ms;
		const devices: WarningDevice[] = [];
		for (const order of this.orders.values()) {
			devices.push(...this.settle(order), ...this.thresholds(order));
		}
		if (Math.floor((this.now() - this.startTime) / WEEK) > Math.floor((before - this.startTime) / WEEK)) devices.push(...this.noPlanDevices());
		this.announce(devices);
		return this.now();
	}

	/** Ends an in-use order whose validity has run out (lazily, on every look at it). */
	private settle(order: Order): WarningDevice[] {
		if (order.status !== 'inUse' || order.expiresAt === undefined || order.expiresAt > this.now()) return [];
		order.usedBaseMb = this.usedMb(order);
		order.status = 'ended';
		order.endedAt = order.expiresAt;
		this.emitOrder('1008', order);
		if (order.warned.has('3')) return [];
		order.warned.add('3');
		return [{ deviceId: order.iccid, warningCode: '3', expireTime: formatDate(order.expiresAt) }];
	}

	/** Warning 2 (expires in under 7 days) and 4 (data used up — the vendor says trial plans; the simulator says any plan). */
	private thresholds(order: Order): WarningDevice[] {
		if (order.status !== 'inUse') return [];
		const out: WarningDevice[] = [];
		const expireTime = formatDate(order.expiresAt);
		if (order.expiresAt! - this.now() < WEEK && !order.warned.has('2')) {
			order.warned.add('2');
			out.push({ deviceId: order.iccid, warningCode: '2', expireTime });
		}
		if (this.usedMb(order) >= order.volumeMb && !order.warned.has('4')) {
			order.warned.add('4');
			out.push({ deviceId: order.iccid, warningCode: '4', expireTime });
		}
		return out;
	}

	/** Warning 1: SIMs without any order in use or waiting (the vendor's weekly "no plan purchased" push). */
	noPlanDevices(): WarningDevice[] {
		const out: WarningDevice[] = [];
		for (const sim of this.allSims()) {
			const waiting = sim.orderIds.some((id) => this.orders.get(id)!.status === 'unenabled');
			if (!waiting && !this.currentOrder(sim)) out.push({ deviceId: sim.iccid, warningCode: '1', expireTime: '' });
		}
		return out;
	}

	/** The full weekly push: no plan (1), expiring soon (2), expired within the last week (3). */
	weeklyWarnings(): WarningDevice[] {
		const out = this.noPlanDevices();
		const now = this.now();
		for (const order of this.orders.values()) {
			this.settle(order);
			const expireTime = formatDate(order.expiresAt);
			if (order.status === 'inUse' && order.expiresAt! - now < WEEK) out.push({ deviceId: order.iccid, warningCode: '2', expireTime });
			if (order.status === 'ended' && order.endedAt === order.expiresAt && now - order.endedAt! < WEEK)
				out.push({ deviceId: order.iccid, warningCode: '3', expireTime });
		}
		return out;
	}

	private announce(devices: WarningDevice[]): void {
		if (devices.length) this.listener({ kind: 'usageWarning', devices });
	}

	private emitOrder(operation: string, order: Order): void {
		this.listener({ kind: 'orderStatus', operation, order, at: this.now() });
	}

	// ----- the operations -----

	private checkedPlan(input: Pick<OrderInput, 'package_code' | 'package_name' | 'package_type'>): Plan {
		const plan = findPlan(input.package_code);
		if (!plan) throw new SimError('planNotFound', input.package_code);
		if (plan.type !== input.package_type) throw new SimError('planMismatch', `package_type of ${plan.code} is "${plan.type}"`);
		if (plan.name !== input.package_name) throw new SimError('planMismatch', `package_name of ${plan.code} is "${plan.name}"`);
		return plan;
	}

	/** Checks one SIM can take the order; bulk orders check every SIM before ordering any (spec §6.3.3). */
	private checkOrderable(iccid: string, input: OrderInput): Sim {
		const sim = this.sim(iccid);
		if (input.is_open === '1' && this.currentOrder(sim)) throw new SimError('simHasOrderInUse', iccid);
		return sim;
	}

	placeOrder(iccid: string, input: OrderInput, buyType: Exclude<BuyType, 'seed'> = 'order', days?: number): Order {
		const plan = this.checkedPlan(input);
		this.checkOrderable(iccid, input);
		return this.create(iccid, plan, input, buyType, days);
	}

	bulkOrder(iccids: string[], input: OrderInput): Order[] {
		const plan = this.checkedPlan(input);
		for (const iccid of iccids) this.checkOrderable(iccid, input);
		return iccids.map((iccid) => this.create(iccid, plan, input, 'bulk'));
	}

	private create(iccid: string, plan: Plan, input: OrderInput, buyType: Exclude<BuyType, 'seed'>, days?: number): Order {
		const periods = Number(input.order_period);
		const trial = input.test_flow_flag === '1';
		const order = this.addOrder({
			iccid,
			plan,
			buyType,
			status: 'unenabled',
			orderedAt: this.now(),
			periods,
			periodMs: (days ?? PERIOD_DAYS[plan.type]) * DAY,
			// A trial order's data is the test volume it was ordered with.
			periodVolumeMb: trial ? Number(input.test_flow) : plan.volumeMb,
			payAmount: input.pay_amount ?? '0',
			payRst: input.pay_rst,
			payType: input.pay_type ?? '',
			isOpen: input.is_open,
			globalOrder: input.global_order,
			testFlowFlag: input.test_flow_flag,
		});
		this.emitOrder('1000', order);
		if (input.is_open === '1') this.start(order);
		return order;
	}

	private start(order: Order): void {
		order.status = 'inUse';
		order.startedAt = this.now();
		order.expiresAt = order.startedAt + order.durationMs;
		order.usedSince = order.startedAt;
		this.sims.get(order.iccid)!.lifeCycle = '2';
		this.emitOrder(order.buyType === 'ota' ? '1007' : '1005', order);
		this.announce(this.thresholds(order));
	}

	private refuse(order: Order, operation: string): never {
		throw new SimError('orderStateForbids', `${operation} is not possible for order ${order.id} in status ${CODE_OF_ORDER_STATUS[order.status]} (${order.status})`);
	}

	/** Renew an order in use or not yet enabled: whole periods of validity and data are added (spec §6.3.4). */
	renew(orderId: string, periods: number): Order {
		const order = this.order(orderId);
		if (order.status !== 'inUse' && order.status !== 'unenabled') this.refuse(order, 'renew');
		const addMs = order.periodMs * periods;
		order.periods += periods;
		order.durationMs += addMs;
		order.volumeMb += order.periodVolumeMb * periods;
		order.renewCount++;
		if (order.status === 'inUse') {
			order.expiresAt! += addMs;
			// Fresh validity and data: the "expiring" and "used up" warnings may be due again later.
			order.warned.delete('2');
			order.warned.delete('4');
			this.emitOrder('1009', order);
		}
		return order;
	}

	enable(orderId: string): Order {
		const order = this.order(orderId);
		if (order.status !== 'unenabled') this.refuse(order, 'enable');
		if (this.currentOrder(this.sims.get(order.iccid)!)) throw new SimError('simHasOrderInUse', order.iccid);
		this.start(order);
		return order;
	}

	cancel(orderId: string): Order {
		const order = this.order(orderId);
		if (order.status !== 'unenabled') this.refuse(order, 'cancel');
		order.status = 'cancelled';
		order.endedAt = this.now();
		this.emitOrder('1002', order);
		return order;
	}

	endEarly(orderId: string): Order {
		const order = this.order(orderId);
		if (order.status !== 'inUse' && order.status !== 'paused') this.refuse(order, 'end early');
		this.freeze(order);
		order.status = 'ended';
		order.endedAt = this.now();
		this.emitOrder('1001', order);
		return order;
	}

	private targetOrder(iccid: string, orderId: string | undefined): Order {
		const sim = this.sim(iccid);
		if (!orderId) {
			const current = this.currentOrder(sim);
			if (!current) throw new SimError('simHasNoOrderInUse', iccid);
			return current;
		}
		const order = this.order(orderId);
		if (order.iccid !== iccid) throw new SimError('orderNotFound', `${orderId} is not an order of ${iccid}`);
		return order;
	}

	pause(iccid: string, orderId?: string): Order {
		const order = this.targetOrder(iccid, orderId);
		if (order.status !== 'inUse') this.refuse(order, 'pause');
		this.freeze(order);
		order.status = 'paused';
		order.pausedAt = this.now();
		this.emitOrder('1003', order);
		return order;
	}

	/** Paused time does not count against the validity. */
	resume(iccid: string, orderId?: string): Order {
		const order = this.targetOrder(iccid, orderId);
		if (order.status !== 'paused') this.refuse(order, 'resume');
		order.status = 'inUse';
		order.expiresAt! += this.now() - order.pausedAt!;
		order.pausedAt = undefined;
		order.usedSince = this.now();
		this.emitOrder('1004', order);
		return order;
	}

	/** One page of orders matching the filter; the unfiltered listing never builds the whole fleet. */
	queryOrders(filter: OrderFilter, pageNo: number, pageSize: number): { total: number; orders: Order[] } {
		const from = (pageNo - 1) * pageSize;
		const matches = (o: Order) =>
			(!filter.device_id || o.iccid === filter.device_id) &&
			(!filter.order_status || CODE_OF_ORDER_STATUS[o.status] === filter.order_status) &&
			(!filter.order_type || BUY_TYPE_CODES[o.buyType] === filter.order_type);
		let candidates: Order[];
		if (filter.order_id) {
			const order = this.findOrder(filter.order_id);
			candidates = order ? [order] : [];
		} else if (filter.device_id) {
			const sim = this.findSim(filter.device_id);
			candidates = sim ? sim.orderIds.map((id) => this.order(id)) : [];
		} else if (!filter.order_status && !filter.order_type) {
			const fleetSize = this.fleet?.size ?? 0;
			const total = fleetSize + this.listed.length;
			const orders: Order[] = [];
			for (let i = from; i < Math.min(total, from + pageSize); i++) {
				orders.push(this.order(i < fleetSize ? this.fleet!.orderIdOf(i) : this.listed[i - fleetSize]));
			}
			return { total, orders };
		} else {
			candidates = [];
			for (const sim of this.allSims()) for (const id of sim.orderIds) candidates.push(this.order(id));
		}
		const all = candidates.filter(matches);
		return { total: all.length, orders: all.slice(from, from + pageSize) };
	}
}
