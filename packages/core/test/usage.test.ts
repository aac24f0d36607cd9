import { usageFacts, withUsageFacts } from '../src/results/usage';

describe('usage facts', () => {
	it('derives used, remaining, total, percent and the order to renew from the documented response', () => {
		const data = { sign: 'nTrEry3jUd52m4PQ8lmBvsfGsAE=', device_id: '89852022018041800192', order_code: '202107061625560742397', order_used_flow: '900', high_flow_balance: '124' };
		expect(withUsageFacts(data)).toEqual({
			device_id: '89852022018041800192',
			order_code: '202107061625560742397',
			order_used_flow: '900',
			high_flow_balance: '124',
			iccid: '89852022018041800192',
			orderId: '202107061625560742397',
			used: 900,
			remaining: 124,
			total: 1024,
			percentUsed: 87.89,
		});
	});

	it('keeps decimals in the API unit and leaves percent empty when nothing is known', () => {
		expect(usageFacts({ order_used_flow: '0.5', high_flow_balance: '1.5' })).toMatchObject({ used: 0.5, remaining: 1.5, total: 2, percentUsed: 25 });
		expect(usageFacts({ order_used_flow: '0', high_flow_balance: '0' })).toMatchObject({ total: 0, percentUsed: null });
		expect(usageFacts({ order_used_flow: '', high_flow_balance: 'n/a', order_code: '' })).toEqual({ iccid: null, orderId: null, used: null, remaining: null, total: null, percentUsed: null });
	});
});
