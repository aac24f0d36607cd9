import { MAX_PERIODS } from '@linksfield-cube/core';
import type { Order, OrderInput } from '../state';
import { planOfBundle } from './bundle-record';
import { CurrentError } from './codes';
import { SIM_STATUS, type FleetView } from './fleet-view';
import type { JobRecord, Jobs } from './jobs';

/**
 * The current API's SIM writes (spec §5.6–5.10) on the legacy state. Each checks what it can at once (unknown
 * SIM, lock, status, parameters) and answers with a job; the change itself happens when the job runs, and a state
 * that changed meanwhile (e.g. through the legacy API) fails the job with the code the check would have given.
 *
 *   activate  Pre-active SIM with a bundle not yet started → that bundle starts.
 *   suspend   Active-live → the bundle in use is paused (legacy pause: usage frozen, paused time not counted).
 *   resume    Paused → the paused bundle resumes; a SIM a cancel suspended, or an Expired one, starts its next
 *             bundle not yet started (spec §5.10).
 *   cancel    no order_id: every live bundle ends (not started → cancelled) and the SIM stays suspended;
 *             order_id: that bundle ends; + keep_alive: the next bundle not yet started begins (spec §5.7).
 *   add bundle an order of the plan `bundle_id` (cycles = periods); activate=true then, in a job, ends the bundle in
 *             use (lifecycle 4.0's "ended") and starts the new one. Without activate it answers at once.
 */

type Body = Record<string, unknown>;

const isLive = (o: Order) => o.status === 'unenabled' || o.status === 'inUse' || o.status === 'paused';

export class SimWrites {
	/** Bundles added per SIM, for tests that prove a write happened once. */
	readonly bundlesAddedBySim = new Map<string, number>();

	constructor(
		private readonly fleet: FleetView,
		private readonly jobs: Jobs,
		private readonly onOrderCreated: () => void,
	) {}

	private get state() {
		return this.fleet.state;
	}

	/** The SIM, refused when unknown or locked by a pending job. */
	private writable(iccid: string) {
		const sim = this.fleet.sim(iccid);
		this.jobs.checkUnlocked(iccid);
		return sim;
	}

	activate(iccid: string): { request_id: string } {
		const check = () => {
			const sim = this.fleet.sim(iccid);
			const status = this.fleet.simStatus(sim);
			if (status === SIM_STATUS.activeLive) throw new CurrentError('alreadyActivated', iccid);
			if (status !== SIM_STATUS.preActive) throw new CurrentError('statusForbids', `activate needs a Pre-active SIM (10), ${iccid} is ${status}`);
			const waiting = this.fleet.waitingOrder(sim);
			if (!waiting) throw new CurrentError('noValidBundle', `${iccid} has no bundle waiting to start`);
			return waiting;
		};
		this.writable(iccid);
		check();
		return this.job('activate', iccid, () => this.startBundle(check()));
	}

	suspend(iccid: string): { request_id: string } {
		const check = () => {
			const status = this.fleet.simStatus(this.fleet.sim(iccid));
			if (status !== SIM_STATUS.activeLive) throw new CurrentError('statusForbids', `suspend needs an Active-live SIM (23), ${iccid} is ${status}`);
		};
		this.writable(iccid);
		check();
		return this.job('suspend', iccid, () => {
			check();
			this.state.pause(iccid);
		});
	}

	resume(iccid: string): { request_id: string } {
		const check = (): (() => void) => {
			const sim = this.fleet.sim(iccid);
			const status = this.fleet.simStatus(sim);
			if (this.state.currentOrder(sim)?.status === 'paused') return () => this.state.resume(iccid);
			if (status !== SIM_STATUS.paused && status !== SIM_STATUS.expired) throw new CurrentError('statusForbids', `resume needs a Paused (30) or Expired (40) SIM, ${iccid} is ${status}`);
			const waiting = this.fleet.waitingOrder(sim);
			if (!waiting) throw new CurrentError('noValidBundle', `${iccid} has no bundle waiting to start`);
			return () => this.startBundle(waiting);
		};
		this.writable(iccid);
		check();
		return this.job('resume', iccid, () => check()());
	}

	cancel(iccid: string, body: Body): { request_id: string } {
		const orderId = body.order_id;
		const keepAlive = body.keep_alive;
		if (orderId !== undefined && orderId !== null && typeof orderId !== 'string') throw new CurrentError('invalidParameter', 'order_id must be a string');
		if (keepAlive !== undefined && keepAlive !== null && typeof keepAlive !== 'boolean') throw new CurrentError('invalidParameter', 'keep_alive must be true or false');
		if (keepAlive === true && !orderId) throw new CurrentError('invalidParameter', 'keep_alive goes only with order_id');
		const check = (): Order[] => {
			const sim = this.fleet.sim(iccid);
			if (this.fleet.simStatus(sim) === SIM_STATUS.terminated) throw new CurrentError('statusForbids', `${iccid} is terminated`);
			if (!orderId) {
				const live = this.fleet.orders(sim).filter(isLive);
				if (!live.length) throw new CurrentError('noBundleInUse', `${iccid} has no bundle to end`);
				return live;
			}
			const order = this.state.findOrder(orderId);
			if (!order || order.iccid !== iccid) throw new CurrentError('invalidParameter', `order_id ${orderId} is not a bundle of ${iccid}`);
			if (!isLive(order)) throw new CurrentError('statusForbids', `bundle ${orderId} has already ended`);
			return [order];
		};
		this.writable(iccid);
		check();
		return this.job('cancel', iccid, () => {
			const orders = check();
			const wasRunning = orders.some((o) => o.status !== 'unenabled');
			for (const order of orders) {
				if (order.status === 'unenabled') this.state.cancel(order.id);
				else this.state.endEarly(order.id);
			}
			if (!orderId) this.fleet.suspended.add(iccid);
			else if (keepAlive && wasRunning) {
				const next = this.fleet.waitingOrder(this.fleet.sim(iccid));
				if (next) this.startBundle(next);
			}
		});
	}

	addBundle(iccid: string, body: Body): { order_id: string; request_id: string | null } {
		const { bundle_id: bundleId, bundle_type: bundleType, cycles = 1, activate = false } = body;
		if (bundleId === undefined || bundleId === null || bundleId === '') throw new CurrentError('missingParameter', 'bundle_id is required');
		if (typeof bundleId !== 'string') throw new CurrentError('invalidParameter', 'bundle_id must be a string');
		if (bundleType === undefined || bundleType === null) throw new CurrentError('missingParameter', 'bundle_type is required');
		if (bundleType !== 10 && bundleType !== 11) throw new CurrentError('invalidParameter', 'bundle_type must be 10 (basic) or 11 (add-on)');
		if (!Number.isInteger(cycles) || (cycles as number) < 1 || (cycles as number) > MAX_PERIODS) throw new CurrentError('invalidParameter', `cycles must be an integer from 1 to ${MAX_PERIODS}`);
		if (typeof activate !== 'boolean') throw new CurrentError('invalidParameter', 'activate must be true or false');
		const sim = this.writable(iccid);
		if (this.fleet.simStatus(sim) === SIM_STATUS.terminated) throw new CurrentError('statusForbids', `${iccid} is terminated`);
		const plan = planOfBundle(bundleId);
		if (!plan) throw new CurrentError('planNotFound', bundleId);
		// An add-on's cycles are ignored (spec §5.6).
		const periods = bundleType === 11 ? 1 : (cycles as number);
		const input: OrderInput = {
			package_code: plan.code,
			package_name: plan.name,
			package_type: plan.type,
			order_period: String(periods),
			is_open: '0',
			global_order: '0',
			pay_amount: (Number(plan.price) * periods).toFixed(2),
			pay_rst: '2',
			pay_type: '1',
			test_flow: '0',
			test_flow_flag: '0',
		};
		const order = this.state.placeOrder(iccid, input);
		if (bundleType === 11) this.fleet.addOns.add(order.id);
		this.bundlesAddedBySim.set(iccid, (this.bundlesAddedBySim.get(iccid) ?? 0) + 1);
		this.onOrderCreated();
		if (!activate) return { order_id: order.id, request_id: null };
		const { request_id } = this.job('addBundle', iccid, () => {
			const current = this.state.currentOrder(this.fleet.sim(iccid));
			if (current) this.state.endEarly(current.id);
			this.startBundle(this.state.order(order.id));
		});
		return { order_id: order.id, request_id };
	}

	/** Starts a bundle not yet started; the SIM is no longer suspended or pre-active. */
	private startBundle(order: Order): void {
		this.state.enable(order.id);
		this.fleet.suspended.delete(order.iccid);
	}

	private job(operation: JobRecord['operation'], iccid: string, effect: () => void): { request_id: string } {
		return { request_id: this.jobs.start(operation, [iccid], effect).request_id };
	}

	clear(): void {
		this.bundlesAddedBySim.clear();
	}
}
