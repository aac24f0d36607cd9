import { createHmac } from 'node:crypto';
import { canonicalize, sign } from '@linksfield-cube/core';
import { interleaved, opsPerSecond, round } from './measure';

/** Figure 1: signatures per second (canonicalize + HMAC) against a bare HMAC over a precomputed string. */
export async function signingFigure() {
	const secret = 'bench-secret';
	const usage = { device_id: '89852022018041800192', access_code: 'P000270', timestamp: '1643251754', version: '2.0' };
	const bulk = {
		access_code: 'P000270',
		deviceList: Array.from({ length: 100 }, (_, i) => String(89852022018041800000n + BigInt(i))),
		global_order: '0', is_open: '0', order_period: '1', package_code: 'DP20190726001274', package_name: 'C_M_0_P_中国20M不限速月套餐',
		package_type: '2', pay_amount: '0', pay_rst: '2', pay_type: '1', test_flow: '0', test_flow_flag: '0', timestamp: '1643253530', version: '2.0',
	};
	const usageText = canonicalize(usage);
	const bulkText = canonicalize(bulk);
	const m = await interleaved(7, {
		usageSign: () => opsPerSecond(() => sign(usage, secret)),
		usageBare: () => opsPerSecond(() => createHmac('sha1', secret).update(usageText).digest('base64')),
		bulkSign: () => opsPerSecond(() => sign(bulk, secret)),
		bulkBare: () => opsPerSecond(() => createHmac('sha1', secret).update(bulkText).digest('base64')),
	});
	return {
		usageRequest: { signaturesPerSecond: Math.round(m.usageSign), bareHmacPerSecond: Math.round(m.usageBare), costVsBareHmac: round(m.usageBare / m.usageSign) },
		bulkOrder100: { signaturesPerSecond: Math.round(m.bulkSign), bareHmacPerSecond: Math.round(m.bulkBare), costVsBareHmac: round(m.bulkBare / m.bulkSign) },
	};
}
