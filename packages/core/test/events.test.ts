import { normalizeNotification } from '../src/callbacks/events';

describe('normalizeNotification', () => {
	it('splits a usage warning into one event per SIM with the code meaning, each with its own entry as raw', () => {
		const first = { expireTime: '', warningCode: '1', deviceId: '89314404000816575667' };
		const second = { expireTime: '2026-12-01 00:00:00', warningCode: '2', deviceId: '89314404000816575668' };
		const body = { partner_code: 'P1', devices: [first, second] };
		const events = normalizeNotification(body, { deliveryId: 'd-9', contentKey: 'k' });
		expect(events).toEqual([
			{ event: 'usageWarning', iccid: '89314404000816575667', warningCode: '1', warning: 'No plan purchased', expireTime: '', raw: { partner_code: 'P1', devices: [first] }, deliveryId: 'd-9', eventId: 'k-0' },
			{ event: 'usageWarning', iccid: '89314404000816575668', warningCode: '2', warning: 'Plan expires in less than 7 days', expireTime: '2026-12-01 00:00:00', raw: { partner_code: 'P1', devices: [second] }, deliveryId: 'd-9', eventId: 'k-1' },
		]);
	});

	it('a single-SIM warning keeps the body as received in raw', () => {
		const body = { devices: [{ expireTime: '', warningCode: '3', deviceId: '89314404000816575667' }] };
		expect(normalizeNotification(body)[0].raw).toEqual(body);
	});

	it('reads an SMS MO', () => {
		const body = { partner_code: 'P123456', sim_id: '89860220190123456789', imsi: '4230001234567', message_type: 'Binary', text_message: '发送短信内容', received_at: '1642385160000' };
		expect(normalizeNotification(body)).toEqual([{ event: 'smsMo', iccid: '89860220190123456789', imsi: '4230001234567', messageType: 'Binary', text: '发送短信内容', receivedAt: '1642385160000', raw: body }]);
	});

	it('reads an order status change with its meaning', () => {
		const body = { assetid: '89852022018041800192', imsi: '460001', operation: '1009', orderid: 'O1', time: '2026-11-26 10:00:00' };
		expect(normalizeNotification(body)[0]).toMatchObject({ event: 'orderStatus', iccid: '89852022018041800192', orderStatus: '1009', orderStatusMeaning: 'Order extended', orderId: 'O1' });
	});

	it('keeps anything else as an unknown event with its raw body', () => {
		expect(normalizeNotification({ foo: 'bar' })).toEqual([{ event: 'unknown', iccid: null, raw: { foo: 'bar' } }]);
	});
});
