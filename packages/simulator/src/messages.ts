/**
 * The simulator's result codes and their messages in both languages the vendor supports (spec §3).
 * The vendor's status-code table was never found (spec §5): every code here except "0000" is the
 * simulator's own, and the README says so.
 */

export type Language = 'zh-CN' | 'en-US';

export const CODES = {
	success: '0000',
	notJson: '1000',
	badSignature: '1001',
	unknownAccessCode: '1002',
	timestampOutOfRange: '1003',
	badParam: '1004',
	rateLimited: '1005',
	unknownPath: '1404',
	methodNotAllowed: '1405',
	bodyTooLarge: '1413',
	simNotFound: '2001',
	simHasOrderInUse: '2003',
	simHasNoOrderInUse: '2004',
	orderNotFound: '2101',
	orderStateForbids: '2102',
	planNotFound: '2201',
	planMismatch: '2202',
	injected: '9000',
	refused: '9001',
	internal: '9999',
} as const;

export type CodeName = keyof typeof CODES;

const TEXT: Record<CodeName, { 'en-US': string; 'zh-CN': string }> = {
	success: { 'en-US': 'success', 'zh-CN': '成功' },
	notJson: { 'en-US': 'The request body is not a JSON object', 'zh-CN': '请求体不是JSON对象' },
	badSignature: { 'en-US': 'Invalid signature', 'zh-CN': '签名错误' },
	unknownAccessCode: { 'en-US': 'Unknown access_code', 'zh-CN': 'access_code不存在' },
	timestampOutOfRange: { 'en-US': 'Timestamp out of the allowed range', 'zh-CN': '时间戳超出允许范围' },
	badParam: { 'en-US': 'Missing or invalid parameter', 'zh-CN': '参数缺失或不合法' },
	rateLimited: { 'en-US': 'Too many requests', 'zh-CN': '请求过于频繁' },
	unknownPath: { 'en-US': 'Unknown API path', 'zh-CN': '接口不存在' },
	methodNotAllowed: { 'en-US': 'Only POST is supported', 'zh-CN': '仅支持POST请求' },
	bodyTooLarge: { 'en-US': 'Request body too large', 'zh-CN': '请求体过大' },
	simNotFound: { 'en-US': 'SIM card not found', 'zh-CN': 'SIM卡不存在' },
	simHasOrderInUse: { 'en-US': 'The SIM card already has an order in use', 'zh-CN': '该SIM卡已有使用中的订单' },
	simHasNoOrderInUse: { 'en-US': 'The SIM card has no order in use', 'zh-CN': '该SIM卡没有使用中的订单' },
	orderNotFound: { 'en-US': 'Order not found', 'zh-CN': '订单不存在' },
	orderStateForbids: { 'en-US': 'The order is not in a state that allows this operation', 'zh-CN': '订单当前状态不允许该操作' },
	planNotFound: { 'en-US': 'Data plan not found', 'zh-CN': '套餐不存在' },
	planMismatch: { 'en-US': 'Plan details do not match the plan code', 'zh-CN': '套餐信息与套餐编码不一致' },
	injected: { 'en-US': 'Injected business error', 'zh-CN': '注入的业务错误' },
	refused: { 'en-US': 'Request refused', 'zh-CN': '请求被拒绝' },
	internal: { 'en-US': 'Internal error', 'zh-CN': '系统内部错误' },
};

/** Every code with both messages, for the README, `--help` and the admin API. */
export const CODE_TABLE = (Object.keys(CODES) as CodeName[]).map((name) => ({ name, code: CODES[name], ...TEXT[name] }));

/** A business failure with its code and an optional detail (e.g. the field that was wrong). */
export class SimError extends Error {
	constructor(
		readonly codeName: CodeName,
		readonly detail?: string,
		readonly httpStatus = 200,
	) {
		super(detail ?? codeName);
	}
}

export function message(codeName: CodeName, language: Language, detail?: string): string {
	const base = TEXT[codeName][language];
	return detail ? `${base}: ${detail}` : base;
}

/** Accept-Language → one of the two supported languages; anything else falls back to the default. */
export function pickLanguage(header: string | undefined, fallback: Language): Language {
	if (!header) return fallback;
	const first = header.trim().toLowerCase();
	if (first.startsWith('en')) return 'en-US';
	if (first.startsWith('zh')) return 'zh-CN';
	return fallback;
}
