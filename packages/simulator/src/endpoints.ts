import { sign, type OperationSpec } from '@linksfield-cube/core';
import { formatDate } from './dates';
import { PERIOD_DAYS, PLANS } from './plans';
import { BUY_TYPE_CODES, CODE_OF_ORDER_STATUS, type Order, type OrderInput, type Sim, type State } from './state';

/**
 * One handler per catalog operation: body (already checked on the wire) → envelope `data`, with the vendor's
 * field names and types — strings for counters, snake_case envelopes, camelCase order records (spec §6).
 * Shapes of inferred endpoints are the simulator's best guess; the README lists them as such.
 */

export interface EndpointContext {
	state: State;
	/** The caller's API secret: signs the opaque `data.sign` some responses carry (spec §2.3). */
	secret: string;
	/** Bulk order: SIMs that fail inside a success envelope (a `device-error` fault), with their code and message. */
	deviceErrors?: { iccids: Set<string>; code: string; message: string };
}

type Body = Record<string, unknown>;
type Handler = (body: Body, ctx: EndpointContext) => unknown;

const dateOrNull = (ms: number | undefined) => (ms === undefined ? null : formatDate(ms));

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the field list OrderRecord's type is made from
const RECORD_FIELDS = ['orderCode', 'orderStatus', 'buyType', 'expireDate', 'flow', 'orderDate', 'deviceId', 'imsi', 'packageCode', 'packageName', 'packageType', 'orderPeriod', 'startDate', 'endDate', 'usedFlow', 'surplusFlow', 'payAmount', 'payRst', 'payType', 'isOpen', 'globalOrder', 'testFlowFlag'] as const;

/** A `package_order` record: 22 camelCase fields (the vendor shows only a few, spec §6.3.5), every value a string. */
export type OrderRecord = Record<(typeof RECORD_FIELDS)[number], string>;

export function orderRecord(state: State, order: Order): OrderRecord {
	const used = state.usedMb(order);
	return {
		orderCode: order.id,
		orderStatus: CODE_OF_ORDER_STATUS[order.status],
		buyType: BUY_TYPE_CODES[order.buyType],
		expireDate: formatDate(order.expiresAt),
		flow: String(order.volumeMb),
		orderDate: formatDate(order.orderedAt),
		deviceId: order.iccid,
		imsi: state.sims.get(order.iccid)!.imsi,
		packageCode: order.plan.code,
		packageName: order.plan.name,
		packageType: order.plan.type,
		orderPeriod: String(order.periods),
		startDate: formatDate(order.startedAt),
		endDate: formatDate(order.endedAt),
		usedFlow: String(used),
		surplusFlow: String(order.volumeMb - used),
		payAmount: order.payAmount,
		payRst: order.payRst,
		payType: order.payType,
		isOpen: order.isOpen,
		globalOrder: order.globalOrder,
		testFlowFlag: order.testFlowFlag,
	};
}

function deviceRecord(state: State, sim: Sim): Record<string, unknown> {
	const current = state.currentOrder(sim);
	return {
		device_id: sim.iccid,
		imsi: sim.imsi,
		msisdn: sim.msisdn,
		life_cycle: sim.lifeCycle,
		// "If the package is not in use, it will not be in the response" (spec §6.1.2).
		...(current ? { package_order: orderRecord(state, current) } : {}),
	};
}

const orderChange = (order: Order) => ({
	order_id: order.id,
	device_id: order.iccid,
	order_status: CODE_OF_ORDER_STATUS[order.status],
	order_start_date: dateOrNull(order.startedAt),
	order_expire_date: dateOrNull(order.expiresAt),
});

const placed = (order: Order) => ({ sign: null, order_id: order.id, order_start_date: dateOrNull(order.startedAt), order_expire_date: dateOrNull(order.expiresAt) });

const withSign = (data: Body, secret: string) => ({ sign: sign(data, secret), ...data });

/** Optional paging for listing endpoints whose paging the vendor never documented. */
function page<T>(items: T[], body: Body): T[] {
	const { page_no: no, page_size: size } = body;
	if (!Number.isInteger(no) || !Number.isInteger(size)) return items;
	return items.slice(((no as number) - 1) * (size as number), (no as number) * (size as number));
}

const orderInput = (body: Body) => body as unknown as OrderInput;

export const HANDLERS: Record<string, Handler> = {
	'sim.getAll': (body, { state }) => page([...state.allSims()], body).map((sim) => deviceRecord(state, sim)),
	'sim.get': (body, { state }) => deviceRecord(state, state.sim(body.device_id as string)),
	'sim.getInUse': (_body, { state }) => {
		const out: Record<string, string>[] = [];
		for (const sim of state.allSims()) {
			const order = state.currentOrder(sim);
			if (order?.status !== 'inUse') continue;
			out.push({ assetId: sim.iccid, lifeCycle: sim.lifeCycle, imsi: sim.imsi, msisdn: sim.msisdn, orderCode: order.id, packageCode: order.plan.code, packageName: order.plan.name, expireDate: formatDate(order.expiresAt) });
		}
		return out;
	},
	'usage.get': (body, { state, secret }) => {
		const sim = state.sim(body.device_id as string);
		const order = state.currentOrder(sim);
		const used = order ? state.usedMb(order) : 0;
		return withSign(
			{ device_id: sim.iccid, order_code: order?.id ?? '', order_used_flow: String(used), high_flow_balance: String(order ? order.volumeMb - used : 0) },
			secret,
		);
	},
	'usage.getMnoRemaining': (body, { state }) => {
		const sim = state.sim(body.device_id as string);
		const order = state.currentOrder(sim);
		return { device_id: sim.iccid, imsi: sim.imsi, remaining_flow: String(order ? order.volumeMb - state.usedMb(order) : 0) };
	},
	'plan.getPlans': () =>
		PLANS.map((p) => ({ package_code: p.code, package_name: p.name, package_type: p.type, flow: String(p.volumeMb), period_days: String(PERIOD_DAYS[p.type]), price: p.price })),
	'plan.order': (body, { state }) => placed(state.placeOrder(body.device_id as string, orderInput(body))),
	'plan.orderOta': (body, { state }) => placed(state.placeOrder(body.device_id as string, orderInput(body), 'ota', body.days as number)),
	'plan.bulkOrder': (body, { state, deviceErrors }) => {
		const list = body.deviceList as string[];
		const failing = deviceErrors?.iccids ?? new Set<string>();
		const orders = new Map(state.bulkOrder(list.filter((iccid) => !failing.has(iccid)), orderInput(body)).map((o) => [o.iccid, o]));
		// Per-SIM entries in the request's order; a failed SIM has its own code and no order (spec §6.3.3's `error`).
		return {
			device_order: list.map((iccid) => {
				const order = orders.get(iccid);
				if (!order) return { error: deviceErrors!.code, errorMsg: deviceErrors!.message, order_id: null, device_id: iccid, order_start_date: null, order_expire_date: null };
				return { error: '0000', errorMsg: 'success', order_id: order.id, device_id: order.iccid, order_start_date: dateOrNull(order.startedAt), order_expire_date: dateOrNull(order.expiresAt) };
			}),
		};
	},
	'plan.renew': (body, { state, secret }) => {
		const order = state.renew(body.order_id as string, body.renew_period as number);
		// Not started yet: no expiry date until it is enabled.
		return withSign({ order_expire_date: dateOrNull(order.expiresAt), order_id: order.id }, secret);
	},
	'plan.getOrders': (body, { state, secret }) => {
		const pageNo = body.page_no as number;
		const pageSize = body.page_size as number;
		const filter = { device_id: body.device_id, order_id: body.order_id, order_status: body.order_status, order_type: body.order_type } as Record<string, string | undefined>;
		const { total, orders } = state.queryOrders(filter, pageNo, pageSize);
		const records = orders.map((o) => orderRecord(state, o));
		return withSign(
			{
				page: { cur_page_no: pageNo, page_size: pageSize, total_count: total, total_pages: Math.ceil(total / pageSize) },
				package_order: records,
				package_order_num: records.length,
			},
			secret,
		);
	},
	'plan.enable': (body, { state }) => orderChange(state.enable(body.order_id as string)),
	'plan.cancel': (body, { state }) => orderChange(state.cancel(body.order_id as string)),
	'plan.endEarly': (body, { state }) => orderChange(state.endEarly(body.order_id as string)),
	'plan.pause': (body, { state }) => orderChange(state.pause(body.device_id as string, (body.order_id as string) || undefined)),
	'plan.resume': (body, { state }) => orderChange(state.resume(body.device_id as string, (body.order_id as string) || undefined)),
	'sms.send': (body, { state }) => {
		const sim = state.sim(body.device_id as string);
		state.smsSent++;
		return { device_id: sim.iccid, message_id: 'SMS' + String(state.smsSent).padStart(12, '0') };
	},
};

/** Every endpoint of the catalog must have a handler: a new catalog entry without one fails at start-up. */
export function handlerFor(op: OperationSpec): Handler {
	const handler = HANDLERS[op.id];
	if (!handler) throw new Error(`The simulator has no handler for catalog operation ${op.id} (${op.path})`);
	return handler;
}
