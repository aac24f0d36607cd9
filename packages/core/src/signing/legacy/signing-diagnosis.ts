import type { Language } from '../../client/language';
import type { CanonicalOptions } from './sign';
import type { CurrentSigningSetting } from '../current/current-settings';
import type { SigningSetting } from '../signer';

export type { CurrentSigningSetting, SigningSetting };

/**
 * Which setting to change when the server refuses a signed request. The vendor's code table is not public,
 * so a rejection is recognised by what its message says (in English or Chinese), by HTTP 401/403, and by the
 * new API's documented authentication codes. The simulator's own codes (1001–1003) are not trusted here: a real
 * server may use those numbers for anything; its messages are recognised like any server's.
 */

export type RejectionKind = 'signature' | 'timestamp' | 'access-code';

export const SETTING_NAMES: Record<Language, Record<SigningSetting, string>> = {
	'en-US': {
		secret: 'Secret',
		accessCode: 'Access code',
		environment: 'Environment',
		timestampUnit: 'Timestamp unit',
		escapeNonAscii: 'Escape non-ASCII',
		keyOrder: 'Key order',
		clock: "this machine's clock",
		keyId: 'Key ID',
		privateKey: 'Private key',
		stripSpaces: 'Strip spaces',
	},
	'zh-CN': {
		secret: '密钥',
		accessCode: 'Access code',
		environment: '环境',
		timestampUnit: '时间戳单位',
		escapeNonAscii: '转义非 ASCII 字符',
		keyOrder: '参数排序',
		clock: '本机时钟',
		keyId: '密钥 ID',
		privateKey: '私钥',
		stripSpaces: '去除空格',
	},
};

const ACCESS_CODE = /access[_ ]?code|partner[_ ]?code|app[_ ]?key|商户|合作方/i;
const TIMESTAMP = /time\s?stamp|request (has )?expired|时间戳|请求已?过期/i;
const SIGNATURE = /\bsign(ature)?s?\b|hmac|签名|验签/i;
/** The new Cube API's documented codes for a refused authentication (spec §8.4). */
const AUTH_CODES = new Set(['CB-99-9401', 'CB-99-9403']);

export interface Rejection {
	code?: string;
	vendorMessage?: string;
	httpStatus?: number;
}

/** What kind of signing problem a refusal reports, or undefined when it is about something else. */
export function classifyRejection(rejection: Rejection): RejectionKind | undefined {
	const text = rejection.vendorMessage ?? '';
	if (ACCESS_CODE.test(text)) return 'access-code';
	if (TIMESTAMP.test(text)) return 'timestamp';
	if (SIGNATURE.test(text)) return 'signature';
	if ((rejection.code && AUTH_CODES.has(rejection.code)) || rejection.httpStatus === 401 || rejection.httpStatus === 403) return 'signature';
	return undefined;
}

export interface DiagnosisContext {
	language?: Language;
	timestampUnit?: 's' | 'ms';
	canonical?: CanonicalOptions;
	/** The refused request carried non-ASCII text (a Chinese plan name…). */
	nonAscii: boolean;
	/** A signed request of the same client was accepted before: the secret and access code are right. */
	acceptedBefore: boolean;
}

export interface Diagnosis {
	kind: RejectionKind;
	/** The settings to check, most likely first. */
	settings: SigningSetting[];
	/** One or two sentences naming them, in the client's language. */
	hint: string;
}

const NOW = {
	'en-US': { s: 'seconds', ms: 'milliseconds', sorted: 'sorted', insertion: 'as sent', on: 'on', off: 'off' },
	'zh-CN': { s: '秒', ms: '毫秒', sorted: '按键排序', insertion: '按发送顺序', on: '开', off: '关' },
};

/** Which settings to check for a signing rejection, most likely first, and a sentence that names them. */
export function diagnoseRejection(kind: RejectionKind, context: DiagnosisContext): Diagnosis {
	const language = context.language === 'zh-CN' ? 'zh-CN' : 'en-US';
	const n = SETTING_NAMES[language];
	const w = NOW[language];
	const zh = language === 'zh-CN';
	const current = (name: string, value: string) => (zh ? `“${name}”(当前:${value})` : `“${name}” (now ${value})`);
	const unit = current(n.timestampUnit, w[context.timestampUnit ?? 's']);
	const order = current(n.keyOrder, w[context.canonical?.order ?? 'sorted']);
	const escape = current(n.escapeNonAscii, context.canonical?.asciiEscape ? w.on : w.off);
	const test = zh ? '凭证测试 / 配置节点的 Test 按钮会找出可用的设置。' : 'The credential test / the config node\'s Test button finds the settings that work.';
	if (kind === 'access-code') {
		const settings: SigningSetting[] = ['accessCode', 'environment'];
		return { kind, settings, hint: zh ? `请检查“${n.accessCode}”与“${n.environment}”(UAT 与生产环境的账号不同)。` : `Check “${n.accessCode}” and “${n.environment}” (UAT and production accounts differ).` };
	}
	if (kind === 'timestamp') {
		const settings: SigningSetting[] = ['timestampUnit', 'clock'];
		return { kind, settings, hint: zh ? `时间戳被拒绝:请检查${unit}与${n.clock}(误差须在几分钟内)。${test}` : `The timestamp was refused: check ${unit} and ${n.clock} (it must be within a few minutes of real time). ${test}` };
	}
	if (context.nonAscii && context.acceptedBefore) {
		const settings: SigningSetting[] = ['escapeNonAscii', 'keyOrder'];
		return { kind, settings, hint: zh ? `只有含非 ASCII 文字(如中文)的请求被拒绝:请切换${escape}。${test}` : `Only requests with non-ASCII text (such as Chinese) are refused: switch ${escape}. ${test}` };
	}
	if (context.nonAscii) {
		const settings: SigningSetting[] = ['secret', 'accessCode', 'escapeNonAscii', 'keyOrder', 'timestampUnit'];
		return {
			kind,
			settings,
			hint: zh
				? `签名被拒绝:请检查“${n.secret}”与“${n.accessCode}”;若不含中文的请求能成功,请切换${escape};否则再试${order}与${unit}。${test}`
				: `The signature was refused: check “${n.secret}” and “${n.accessCode}”; if requests without Chinese text work, switch ${escape}; otherwise try ${order} and ${unit}. ${test}`,
		};
	}
	const settings: SigningSetting[] = ['secret', 'accessCode', 'keyOrder', 'timestampUnit', 'clock'];
	return {
		kind,
		settings,
		hint: zh
			? `签名被拒绝:请检查“${n.secret}”(须属于该“${n.accessCode}”),然后是${order}、${unit}与${n.clock}。${test}`
			: `The signature was refused: check “${n.secret}” (it must belong to the “${n.accessCode}”), then ${order}, ${unit} and ${n.clock}. ${test}`,
	};
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Does anything in these params need escaping? (only looked at after a refusal) */
export function hasNonAscii(params: unknown): boolean {
	return NON_ASCII.test(JSON.stringify(params) ?? '');
}
