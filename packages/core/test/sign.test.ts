import { canonicalize, sign, signRequestBody } from '../src/signing/legacy/sign';

const SECRET = 'test-secret';

// Spec §4.5: self-generated vectors for construction A (secret "test-secret").
const VECTORS: Array<{ name: string; params: Record<string, unknown>; content: string; sign: string }> = [
	{
		name: 'overview example',
		params: { version: '2.0', access_code: 'P012345', timestamp: '1498723232' },
		content: '{"access_code":"P012345","timestamp":"1498723232","version":"2.0"}',
		sign: 'UC1EfiI9Lb/NMFQk6NTulbwTTmE=',
	},
	{
		name: 'queryDeviceFlowUsage example',
		params: { access_code: 'P000270', device_id: '89852022018041800192', timestamp: '1643251754', version: '2.0', sign: 'wVnILqg0AMS0syL/MOA5LqRpa9I=' },
		content: '{"access_code":"P000270","device_id":"89852022018041800192","timestamp":"1643251754","version":"2.0"}',
		sign: 'xzuAwQEY4KXrjkQMBDcZUypSa2E=',
	},
	{
		name: 'queryOrder example: empty strings dropped, integers kept',
		params: { access_code: 'P000270', device_id: '', order_id: '', order_status: '', order_type: '', page_no: 1, page_size: 2, timestamp: '1643251754', version: '2.0', sign: 'ZdFRHMM/ccYeb49Rys3wOCZXDpc=' },
		content: '{"access_code":"P000270","page_no":1,"page_size":2,"timestamp":"1643251754","version":"2.0"}',
		sign: 'bmA4wqNXmjN+U4mDGVjfX3Zg0IM=',
	},
	{
		name: 'renewPackage example',
		params: { access_code: 'P000270', order_id: '202107061625560742397', renew_period: 1, timestamp: '1643253530', version: '2.0', sign: 'mshmrjUjFC88jzdDmn8JrVlIF3s=' },
		content: '{"access_code":"P000270","order_id":"202107061625560742397","renew_period":1,"timestamp":"1643253530","version":"2.0"}',
		sign: 'fBjQlLpvH8hpK5bEEPGTJ6j1LtM=',
	},
	{
		name: 'batchOrderPackages example: array and UTF-8 Chinese',
		params: {
			access_code: 'P000270',
			deviceList: ['89852022018041800192', '89852022018041800193'],
			global_order: '0',
			is_open: '0',
			order_period: '1',
			package_code: 'DP20190726001274',
			package_name: 'C_M_0_P_中国20M不限速月套餐',
			package_type: '2',
			pay_amount: '0',
			pay_rst: '2',
			pay_type: '1',
			test_flow: '0',
			test_flow_flag: '0',
			timestamp: '1643253530',
			version: '2.0',
			sign: '5+o5RzScCv2TuJ1Yb/aehTH0GLU=',
		},
		content:
			'{"access_code":"P000270","deviceList":["89852022018041800192","89852022018041800193"],"global_order":"0","is_open":"0","order_period":"1","package_code":"DP20190726001274","package_name":"C_M_0_P_中国20M不限速月套餐","package_type":"2","pay_amount":"0","pay_rst":"2","pay_type":"1","test_flow":"0","test_flow_flag":"0","timestamp":"1643253530","version":"2.0"}',
		sign: 'jhGwWa6GuVPyLRXLbRC+JmuID2w=',
	},
];

describe('canonicalize + sign: spec §4.5 vectors', () => {
	it.each(VECTORS)('$name', (v) => {
		expect(canonicalize(v.params)).toBe(v.content);
		expect(sign(v.params, SECRET)).toBe(v.sign);
	});

	it('variant B: the literal unsorted overview string, in insertion order', () => {
		const params = { version: '2.0', access_code: 'P012345', timestamp: '1498723232' };
		expect(canonicalize(params, { order: 'insertion' })).toBe('{"version":"2.0","access_code":"P012345","timestamp":"1498723232"}');
		expect(sign(params, SECRET, { order: 'insertion' })).toBe('mdaOF2vxt68XrUSvkb/XdDCu29s=');
	});
});

describe('canonicalize edge cases', () => {
	it('drops null, undefined and "" but keeps 0, false and "0"', () => {
		expect(canonicalize({ a: null, b: undefined, c: '', d: 0, e: false, f: '0' })).toBe('{"d":0,"e":false,"f":"0"}');
	});

	it('keeps a number distinct from a numeric string (they sign differently)', () => {
		expect(canonicalize({ renew_period: 1 })).toBe('{"renew_period":1}');
		expect(canonicalize({ renew_period: '1' })).toBe('{"renew_period":"1"}');
		expect(sign({ renew_period: 1 }, SECRET)).not.toBe(sign({ renew_period: '1' }, SECRET));
	});

	it('keeps array order, renders nested arrays in place and sorts nested object keys', () => {
		expect(canonicalize({ list: ['b', 'a', ['z', 1]], obj: { z: 1, a: [{ y: 2, b: null }] } })).toBe(
			'{"list":["b","a",["z",1]],"obj":{"a":[{"b":null,"y":2}],"z":1}}',
		);
	});

	it('writes non-ASCII as raw UTF-8 by default and as lowercase \\u escapes on request', () => {
		expect(canonicalize({ n: '中国' })).toBe('{"n":"中国"}');
		expect(canonicalize({ n: '中国' }, { asciiEscape: true })).toBe('{"n":"\\u4e2d\\u56fd"}');
	});

	it('sorts keys by code point (uppercase before lowercase, as byte order)', () => {
		expect(canonicalize({ b: '1', a: '1', deviceList: ['1'], B: '1' })).toBe('{"B":"1","a":"1","b":"1","deviceList":["1"]}');
	});

	it('escapes quotes and backslashes as JSON does', () => {
		expect(canonicalize({ q: 'a"b\\c' })).toBe('{"q":"a\\"b\\\\c"}');
	});

	it('never includes the sign param', () => {
		expect(canonicalize({ sign: 'x', a: '1' })).toBe('{"a":"1"}');
	});
});

describe('signRequestBody', () => {
	it('adds access_code, timestamp in seconds, version 2.0 and a sign over all of them', () => {
		const body = signRequestBody({ device_id: '89852022018041800192' }, { accessCode: 'P000270', secret: SECRET, now: () => 1643251754123 });
		expect(body).toEqual({ device_id: '89852022018041800192', access_code: 'P000270', timestamp: '1643251754', version: '2.0', sign: 'xzuAwQEY4KXrjkQMBDcZUypSa2E=' });
	});

	it('uses milliseconds when configured', () => {
		const body = signRequestBody({}, { accessCode: 'P', secret: SECRET, timestampUnit: 'ms', now: () => 1640917845984 });
		expect(body.timestamp).toBe('1640917845984');
	});
});
