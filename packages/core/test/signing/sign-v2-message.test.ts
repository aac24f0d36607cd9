import { signV2Message } from '../../src/signing/current/sign-v2-message';
import { signV2Message as fromPackage } from '../../src';

const HEADERS = { timestamp: '1674197059220', nonce: '1' };

// Spec §2.3: the vendor's message strings (DOC), byte for byte.
const VECTORS: Array<{ name: string; request: Parameters<typeof signV2Message>[0]; message: string }> = [
	{
		name: 'A1 — GET usage, the doc string verbatim (category_type)',
		request: { ...HEADERS, path: '/cube/v4/sims/89852002021102915651/usage', query: { begin_from: '2023-01', category_type: 'data', end_by: '2023-01', period_type: 2 } },
		message: '{"begin_from":"2023-01","category_type":"data","end_by":"2023-01","nonce":"1","period_type":"2","timestamp":"1674197059220","x-sign-uri":"/cube/v4/sims/89852002021102915651/usage"}',
	},
	{
		name: 'A2 — GET usage, the URL as shown (category)',
		request: { ...HEADERS, path: '/cube/v4/sims/89852002021102915651/usage', query: { begin_from: '2023-01', category: 'data', end_by: '2023-01', period_type: 2 } },
		message: '{"begin_from":"2023-01","category":"data","end_by":"2023-01","nonce":"1","period_type":"2","timestamp":"1674197059220","x-sign-uri":"/cube/v4/sims/89852002021102915651/usage"}',
	},
	{
		name: 'B — POST add bundle, body numbers stay numbers',
		request: { ...HEADERS, path: '/cube/v4/sims/89000100010003125832/bundle', body: { bundle_id: 'LP09823222320', bundle_type: 10, cycles: 3 } },
		message: '{"bundle_id":"LP09823222320","bundle_type":10,"cycles":3,"nonce":"1","timestamp":"1674197059220","x-sign-uri":"/cube/v4/sims/89000100010003125832/bundle"}',
	},
];

describe('signV2Message', () => {
	test.each(VECTORS)('$name', ({ request, message }) => {
		expect(signV2Message(request)).toBe(message);
	});

	test('is exported from the package entry under that name', () => {
		expect(fromPackage).toBe(signV2Message);
	});

	test('query values become text, arrays comma-joined; empty values are left out', () => {
		const message = signV2Message({ ...HEADERS, path: '/cube/v4/sims/1/bundles', query: { status: [0, 1, 2], active: true, page_no: 1, gone: '', none: null, absent: undefined, empty: [] } });
		expect(message).toBe('{"active":"true","nonce":"1","page_no":"1","status":"0,1,2","timestamp":"1674197059220","x-sign-uri":"/cube/v4/sims/1/bundles"}');
	});

	test('body: arrays keep their order, nested keys are sorted, integer-like keys too', () => {
		const message = signV2Message({ ...HEADERS, path: '/cube/v4/sms', body: { sim_ids: ['2', '1'], message: { type: 1, content: 'hi' }, extra: { '10': 'a', '9': 'b', b: null } } });
		expect(message).toBe('{"extra":{"10":"a","9":"b","b":null},"message":{"content":"hi","type":1},"nonce":"1","sim_ids":["2","1"],"timestamp":"1674197059220","x-sign-uri":"/cube/v4/sms"}');
	});

	test('lists: scalars as written (an undefined item is null, as in JSON), objects inside lists sorted', () => {
		const message = signV2Message({ ...HEADERS, path: '/p', body: { a: [1, null, 'x y', undefined, true], b: [{ z: 1, y: [{ d: 1, c: 2 }] }] } });
		expect(message).toBe('{"a":[1,null,"x y",null,true],"b":[{"y":[{"c":2,"d":1}],"z":1}],"nonce":"1","timestamp":"1674197059220","x-sign-uri":"/p"}');
	});

	test('a parameter named like a header value cannot replace it', () => {
		const message = signV2Message({ ...HEADERS, path: '/cube/v4/x', query: { timestamp: '0' }, body: { nonce: 99, 'x-sign-uri': '/other' } });
		expect(JSON.parse(message)).toEqual({ timestamp: '1674197059220', nonce: '1', 'x-sign-uri': '/cube/v4/x' });
	});

	test('defaults keep spaces and raw UTF-8; the two switches strip spaces and escape non-ASCII', () => {
		const request = { ...HEADERS, path: '/cube/v4/sms', body: { message: { type: 1, content: 'Hello 世界' } } };
		expect(signV2Message(request)).toContain('"content":"Hello 世界"');
		expect(signV2Message(request, { stripSpaces: true })).toContain('"content":"Hello世界"');
		expect(signV2Message(request, { escapeNonAscii: true })).toContain('"content":"Hello \\u4e16\\u754c"');
		expect(signV2Message(request, { stripSpaces: true, escapeNonAscii: true })).toContain('"content":"Hello\\u4e16\\u754c"');
	});

	test('an object in the query is refused, naming the parameter', () => {
		expect(() => signV2Message({ ...HEADERS, path: '/cube/v4/x', query: { filter: { a: 1 } } })).toThrow(/"filter"/);
	});
});
