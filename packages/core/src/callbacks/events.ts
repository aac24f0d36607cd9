/**
 * Normalised vendor callbacks (spec §7). One callback can carry several devices (usage warnings),
 * so it becomes a list of events, one per SIM. Each event keeps the vendor's fields that concern it as `raw`:
 * the whole body, except that a usage warning's `devices` list holds only that event's own entry — one body of
 * 10,000 SIMs then costs 10,000 small events, not 10,000 copies of the list.
 */

export type CubeEventType = 'usageWarning' | 'orderStatus' | 'smsMo' | 'unknown';

/** Usage / plan warning codes (spec §7.2). */
export const WARNING_CODES: Record<string, string> = {
	'1': 'No plan purchased',
	'2': 'Plan expires in less than 7 days',
	'3': 'Plan expired',
	'4': 'Trial plan data used up',
};

/** Order status change codes (spec §7.6). */
export const ORDER_STATUS_CODES: Record<string, string> = {
	'1000': 'Order created',
	'1001': 'Order ended early',
	'1002': 'Order cancelled',
	'1003': 'Order paused',
	'1004': 'Order restarted',
	'1005': 'Order started (non-OTA)',
	'1007': 'Order started (OTA)',
	'1008': 'Order expired',
	'1009': 'Order extended',
	'1010': 'Order cycle reduced',
	'1012': 'IMSI downloaded again (OTA)',
};

export const EVENT_TYPES: { value: CubeEventType; name: string; description: string }[] = [
	{ value: 'usageWarning', name: 'Usage Warning', description: 'No plan, plan expiring, plan expired, trial data used up (codes 1–4)' },
	{ value: 'orderStatus', name: 'Order Status Change', description: 'Order created, enabled, paused, extended, ended… (codes 1000–1012)' },
	{ value: 'smsMo', name: 'SMS Received (MO)', description: 'A text message sent by a SIM' },
	{ value: 'unknown', name: 'Other', description: 'A callback of a kind not described by the vendor docs' },
];

export interface CubeEvent {
	event: CubeEventType;
	iccid: string | null;
	warningCode?: string;
	warning?: string;
	expireTime?: string;
	orderStatus?: string;
	orderStatusMeaning?: string;
	orderId?: string;
	imsi?: string;
	messageType?: string;
	text?: string;
	receivedAt?: string;
	deliveryId?: string;
	/**
	 * Stable id of this event: the same signed content gives the same id whether it is delivered again with the
	 * same, a fresh or no x-lf-delivery — the key for de-duplicating across processes (n8n queue mode).
	 */
	eventId?: string;
	raw: Record<string, unknown>;
}

/** What a receiver knows about the callback beyond its body. */
export interface NotificationMeta {
	deliveryId?: string;
	/** Key of the callback's signed content; events get `<contentKey>-<index>` as their eventId. */
	contentKey?: string;
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

export function normalizeNotification(body: Record<string, unknown>, meta: NotificationMeta = {}): CubeEvent[] {
	const ids = (index: number) => ({
		...(meta.deliveryId ? { deliveryId: meta.deliveryId } : {}),
		...(meta.contentKey ? { eventId: `${meta.contentKey}-${index}` } : {}),
	});
	const base = { raw: body, ...ids(0) };
	if (Array.isArray(body.devices)) {
		const { devices, ...shared } = body as { devices: Record<string, unknown>[] };
		return devices.map((d, index) => {
			const code = str(d?.warningCode) ?? '';
			return {
				event: 'usageWarning' as const,
				iccid: str(d?.deviceId) ?? null,
				warningCode: code,
				warning: WARNING_CODES[code] ?? `Unknown warning code ${code}`,
				expireTime: str(d?.expireTime) ?? '',
				raw: { ...shared, devices: [d] },
				...ids(index),
			};
		});
	}
	if (body.text_message !== undefined || body.message_type !== undefined) {
		return [
			{
				event: 'smsMo',
				iccid: str(body.sim_id) ?? null,
				imsi: str(body.imsi),
				messageType: str(body.message_type),
				text: str(body.text_message),
				receivedAt: str(body.received_at),
				...base,
			},
		];
	}
	// Field names of the order status callback are inferred from the vendor's CMP API (spec §7.6).
	const status = str(body.operation ?? body.event_code ?? body.eventCode);
	if (status !== undefined && /^10\d\d$/.test(status)) {
		return [
			{
				event: 'orderStatus',
				iccid: str(body.assetid ?? body.assetId ?? body.device_id) ?? null,
				orderStatus: status,
				orderStatusMeaning: ORDER_STATUS_CODES[status] ?? `Unknown order status ${status}`,
				orderId: str(body.orderid ?? body.orderId ?? body.order_id),
				imsi: str(body.imsi),
				...base,
			},
		];
	}
	return [{ event: 'unknown', iccid: str(body.deviceId ?? body.device_id ?? body.sim_id) ?? null, ...base }];
}
