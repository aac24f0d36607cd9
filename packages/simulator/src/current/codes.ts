import type { CodeName, Language } from '../messages';

/**
 * Status codes of the current API (spec §3.3) with their HTTP statuses (spec §3.2). Codes marked `own` are the
 * simulator's: the vendor documents no code for them (404, 405, 413, the limits of spec §4), so tests can tell
 * those answers apart. The HTTP status of business errors is not documented either; the simulator answers 200.
 */

interface CodeInfo {
	code: string;
	http: number;
	own?: boolean;
	'en-US': string;
	'zh-CN': string;
}

export const CURRENT_CODES = {
	success: { code: 'CB-00-0000', http: 200, 'en-US': 'Success', 'zh-CN': '成功' },
	startAfterEnd: { code: 'CB-00-0001', http: 200, 'en-US': 'The start time is later than the end time', 'zh-CN': '开始时间晚于结束时间' },
	startTooEarly: { code: 'CB-00-0003', http: 200, 'en-US': 'The start time is too far back', 'zh-CN': '开始时间超出可查询范围' },
	simNotFound: { code: 'CB-01-0001', http: 200, 'en-US': 'SIM does not exist', 'zh-CN': 'SIM卡不存在' },
	alreadyActivated: { code: 'CB-01-0101', http: 200, 'en-US': 'The SIM is already activated', 'zh-CN': 'SIM卡已激活' },
	noValidBundle: { code: 'CB-01-0102', http: 200, 'en-US': 'The SIM has no valid bundle', 'zh-CN': 'SIM卡没有有效套餐' },
	noBundleInUse: { code: 'CB-01-0105', http: 200, 'en-US': 'The SIM has no bundle in use', 'zh-CN': 'SIM卡没有使用中的套餐' },
	statusForbids: { code: 'CB-01-0107', http: 200, 'en-US': 'Not allowed in the current status', 'zh-CN': '当前状态不允许该操作' },
	pendingOperation: { code: 'CB-01-0111', http: 200, 'en-US': 'SIM has pending operations, please wait', 'zh-CN': 'SIM卡有处理中的操作，请稍后' },
	smsInvalid: { code: 'CB-04-9999', http: 200, 'en-US': 'SMS validation error', 'zh-CN': '短信校验错误' },
	planNotFound: { code: 'CB-02-0003', http: 200, 'en-US': 'The plan does not exist', 'zh-CN': '套餐不存在' },
	invalidParameter: { code: 'CB-99-9400', http: 400, 'en-US': 'Invalid parameters', 'zh-CN': '参数不合法' },
	authorizationMissing: { code: 'CB-99-9401', http: 401, 'en-US': 'Authorization is missing', 'zh-CN': '缺少Authorization' },
	missingParameter: { code: 'CB-99-9402', http: 400, 'en-US': 'Missing parameters', 'zh-CN': '缺少参数' },
	authenticationFailed: { code: 'CB-99-9403', http: 403, 'en-US': 'Authentication failed', 'zh-CN': '认证失败' },
	unknownPath: { code: 'CB-99-9404', http: 404, own: true, 'en-US': 'Unknown API path', 'zh-CN': '接口不存在' },
	methodNotAllowed: { code: 'CB-99-9405', http: 405, own: true, 'en-US': 'Method not allowed', 'zh-CN': '请求方法不支持' },
	bodyTooLarge: { code: 'CB-99-9413', http: 413, own: true, 'en-US': 'Request body too large', 'zh-CN': '请求体过大' },
	tooManyRequests: { code: 'CB-99-9429', http: 429, own: true, 'en-US': 'Too many requests', 'zh-CN': '请求过于频繁' },
	dailyQuotaExceeded: { code: 'CB-99-9430', http: 429, own: true, 'en-US': 'Daily request quota exceeded', 'zh-CN': '已超出每日请求配额' },
	injected: { code: 'CB-99-9500', http: 200, 'en-US': 'System busy', 'zh-CN': '系统繁忙' },
	internal: { code: 'CB-99-9999', http: 500, 'en-US': 'Internal service error', 'zh-CN': '内部服务错误' },
} satisfies Record<string, CodeInfo>;

export type CurrentCodeName = keyof typeof CURRENT_CODES;

/** Every code with its HTTP status and both messages, for the README, the admin API and tests. */
export const CURRENT_CODE_TABLE = (Object.keys(CURRENT_CODES) as CurrentCodeName[]).map((name) => {
	const info: CodeInfo = CURRENT_CODES[name];
	return { name, code: info.code, http: info.http, own: info.own === true, 'en-US': info['en-US'], 'zh-CN': info['zh-CN'] };
});

/** A refusal of the current API: its code, an optional detail after the message, and extra response headers. */
export class CurrentError extends Error {
	constructor(
		readonly codeName: CurrentCodeName,
		readonly detail?: string,
		readonly headers?: Record<string, string>,
	) {
		// Readable where it surfaces outside an envelope (admin errors, job results).
		super(currentMessage(codeName, 'en-US', detail));
	}

	get httpStatus(): number {
		return CURRENT_CODES[this.codeName].http;
	}
}

/** Legacy state refusals (met when the current API works on the shared state) → the current API's codes. */
const CODE_OF_LEGACY: Partial<Record<CodeName, CurrentCodeName>> = {
	simNotFound: 'simNotFound',
	simHasOrderInUse: 'statusForbids',
	simHasNoOrderInUse: 'noBundleInUse',
	orderStateForbids: 'statusForbids',
	orderNotFound: 'invalidParameter',
	planNotFound: 'planNotFound',
};

export const currentCodeOfLegacy = (codeName: CodeName): CurrentCodeName => CODE_OF_LEGACY[codeName] ?? 'internal';

export function currentMessage(codeName: CurrentCodeName, language: Language, detail?: string): string {
	const base = CURRENT_CODES[codeName][language];
	return detail ? `${base}: ${detail}` : base;
}
