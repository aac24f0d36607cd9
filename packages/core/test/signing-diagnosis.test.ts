import { classifyRejection, diagnoseRejection } from '../src/signing/legacy/signing-diagnosis';

/** Rejections are recognised by what they say, in either language; other failures are left alone. */
test.each([
	[{ code: '1001', vendorMessage: 'Invalid signature' }, 'signature'],
	[{ code: '1001', vendorMessage: '签名错误' }, 'signature'],
	[{ code: 'E17', vendorMessage: 'sign check failed' }, 'signature'],
	[{ code: '500', vendorMessage: '验签失败' }, 'signature'],
	[{ code: 'CB-99-9403', vendorMessage: 'authentication failed' }, 'signature'],
	[{ httpStatus: 401 }, 'signature'],
	[{ code: '1003', vendorMessage: 'Timestamp out of the allowed range' }, 'timestamp'],
	[{ code: '1003', vendorMessage: '时间戳超出允许范围' }, 'timestamp'],
	[{ code: '42', vendorMessage: '请求已过期' }, 'timestamp'],
	[{ code: '1002', vendorMessage: 'Unknown access_code' }, 'access-code'],
	[{ code: '1002', vendorMessage: 'access_code不存在' }, 'access-code'],
	[{ code: '1001', vendorMessage: '参数缺失或不合法' }, undefined],
	[{ code: '2001', vendorMessage: 'SIM card not found' }, undefined],
	[{ code: '1001', vendorMessage: 'Design assigned' }, undefined],
	[{ httpStatus: 404 }, undefined],
])('%j → %s', (rejection, kind) => {
	expect(classifyRejection(rejection)).toBe(kind);
});

test('a signature refusal after accepted ASCII requests points at Escape non-ASCII only when the request had non-ASCII text', () => {
	const base = { language: 'en-US' as const, acceptedBefore: true };
	expect(diagnoseRejection('signature', { ...base, nonAscii: true }).settings[0]).toBe('escapeNonAscii');
	expect(diagnoseRejection('signature', { ...base, nonAscii: false }).settings[0]).toBe('secret');
	expect(diagnoseRejection('signature', { ...base, nonAscii: true, acceptedBefore: false }).settings).toEqual(['secret', 'accessCode', 'escapeNonAscii', 'keyOrder', 'timestampUnit']);
	expect(diagnoseRejection('signature', { language: 'zh-CN', nonAscii: true, acceptedBefore: true, canonical: { asciiEscape: true } }).hint).toMatch(/请切换“转义非 ASCII 字符”\(当前:开\)/);
});
