import type { Runtime } from '../runtime';
import type { Order, Sim, State } from '../state';
import { bundleRecord } from './bundle-record';
import { CurrentError } from './codes';

/**
 * The legacy fleet seen through the current API: the same SIMs (ICCIDs) and orders, plus what the current API
 * adds and the legacy state has no field for — the add-on type of a bundle, and SIMs a cancel of all bundles left
 * suspended (spec §5.7: 停机保号). SIM status codes (spec §5.1) are derived from the legacy state each time.
 */

/** SIM `status` codes of the current API (spec §5.1). */
export const SIM_STATUS = { preActive: 10, activeLive: 23, paused: 30, expired: 40, terminated: 50 } as const;

const YEAR = 365 * 86_400_000;

export class FleetView {
	/** Orders added as add-ons (bundle object type 1); every other order is basic (type 0). */
	readonly addOns = new Set<string>();
	/** SIMs whose bundles a cancel ended: suspended, number kept, until a bundle starts again. */
	readonly suspended = new Set<string>();

	constructor(private readonly rt: Runtime) {}

	get state(): State {
		return this.rt.state;
	}

	sim(iccid: string): Sim {
		const sim = this.state.findSim(iccid);
		if (!sim) throw new CurrentError('simNotFound', iccid);
		return sim;
	}

	/**
	 * Legacy life cycle and orders → status: a paused order is Paused (30), an order in use Active-live (23); without
	 * one, life cycle 1 is Pre-active (10), a cancel-suspended SIM Paused (30), otherwise Expired (40); life cycle 4 is
	 * Terminated (50).
	 */
	simStatus(sim: Sim): number {
		if (sim.lifeCycle === '4') return SIM_STATUS.terminated;
		const current = this.state.currentOrder(sim);
		if (current?.status === 'paused') return SIM_STATUS.paused;
		if (current?.status === 'inUse') return SIM_STATUS.activeLive;
		if (sim.lifeCycle === '1') return SIM_STATUS.preActive;
		if (this.suspended.has(sim.iccid)) return SIM_STATUS.paused;
		return SIM_STATUS.expired;
	}

	orders(sim: Sim): Order[] {
		return sim.orderIds.map((id) => this.state.order(id));
	}

	/** The oldest bundle not yet started: what activate and resume start. */
	waitingOrder(sim: Sim): Order | undefined {
		return this.orders(sim).find((o) => o.status === 'unenabled');
	}

	bundle(order: Order): Record<string, unknown> {
		return bundleRecord(this.state, order, this.addOns.has(order.id) ? 1 : 0);
	}

	/** Contract dates are the simulator's: from the SIM's first order (or the data set's start) for three years. */
	contract(sim: Sim): { start_at: number; expire_at: number; end_at: number } {
		const first = sim.orderIds.length ? Math.min(...this.orders(sim).map((o) => o.orderedAt)) : this.state.startTime;
		return { start_at: first, expire_at: first + 3 * YEAR, end_at: first + 3 * YEAR };
	}

	/** A `GET /sims` item: every bundle of the SIM (whether the vendor lists all or only the one in use is NOT FOUND). */
	listItem(sim: Sim): Record<string, unknown> {
		const { start_at, end_at } = this.contract(sim);
		return { sim_id: sim.iccid, status: this.simStatus(sim), sim_service: { contract: { start_at, end_at }, bundles: this.orders(sim).map((o) => this.bundle(o)) } };
	}

	/** `GET /sims/{sim_id}`, shaped as the vendor's example; only the bundle in use (spec §5.2). */
	detail(sim: Sim): Record<string, unknown> {
		const current = this.state.currentOrder(sim);
		return {
			sim_id: sim.iccid,
			imei: null,
			delivery_note_no: null,
			device_name: null,
			notes: null,
			status: this.simStatus(sim),
			tags: [],
			tech: 1,
			physical_specs: { type: 2, form_factor: null },
			profile: [{ imsi: sim.imsi, msisdn: sim.msisdn, apn: 'mobi', eid: null, euicc_status: null }],
			latest_session: { imsi: null, msisdn: null, status: null, session: null, start_at: null, end_at: null, country: null, mcc: null, mnc: null, network: null, radio_access_technology: null, ip: null },
			sim_service: {
				type: 1,
				contract: this.contract(sim),
				testdata: { status: -1, limit: null, usage: null },
				preactivation: { period_unit: 2, period: 3 },
				predeactivation: { period_unit: 2, period: 6 },
				global_overage_policy: [],
				bundles: current?.status === 'inUse' ? [this.bundle(current)] : [],
			},
		};
	}

	clear(): void {
		this.addOns.clear();
		this.suspended.clear();
	}
}
