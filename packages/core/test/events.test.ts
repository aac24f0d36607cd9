import { normalizeNotification } from '../src/events';

describe('normalizeNotification', () => {
	it('splits a usage warning into one event per SIM with the code meaning', () => {
		const body = { devices: [{ expireTime: '', warningCode: '1', deviceId: '89314404000816575667' }, { expireTime: '2026-12-01 00:00:00', warningCode: '2', deviceId: '89314404000816575668' }] };
		const events = normalizeNotification(body, 'd-9');
		expect(events).toEqual([
			{ event: 'usageWarning', iccid: '89314404000816575667', warningCode: '1', warning: 'No plan purchased', expireTime: '', raw: body, deliveryId: 'd-9' },
			{ event: 'usageWarning', iccid: '89314404000816575668', warningCode: '2', warning: 'Plan expires in less than 7 days', expireTime: '2026-12-01 00:00:00', raw: body, deliveryId: 'd-9' },
		]);
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
