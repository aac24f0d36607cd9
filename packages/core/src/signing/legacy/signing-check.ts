import type { CubeClientOptions } from '../../client/cube-client';
import type { Transport } from '../../transport/transport';
import { detectSigning, describeSettings, legacySignerOf, SigningDetectionError, type DetectedSigning, type DetectionAttempt, type Interruption, type SigningSettings } from './detect-signing';
import type { Language } from '../../client/language';
import { diagnoseRejection, SETTING_NAMES, type RejectionKind, type SigningSetting } from './signing-diagnosis';

/**
 * The first-contact check in plain words, the same in every place a user meets it: the n8n credential test,
 * the Node-RED config node's Test button and `npx @linksfield-cube/core check`. Never carries the secret.
 */

export interface SettingChange {
	setting: SigningSetting;
	/** The setting's name in the report's language, as the UIs label it. */
	name: string;
	/** The value to choose, as the UIs store it ('s' | 'ms', 'sorted' | 'insertion', true | false). */
	value: string | boolean;
	/** The value in words. */
	label: string;
}

export interface SigningCheckReport {
	/** Signed requests were accepted with `settings` (maybe not the configured ones: see `changes`); `verified` says whether every setting was. */
	ok: boolean;
	/** Every setting (timestamp unit, key order, escaping of non-ASCII text) was accepted in a request of the check, and nothing interrupted it. */
	verified: boolean;
	/** The configured settings work as they are: verified, nothing to change. */
	configuredWork: boolean;
	settings?: SigningSettings;
	/** What to change, each change accepted in a request; empty when nothing was found to change. */
	changes: SettingChange[];
	/** Settings no request of the check was accepted with (its value in `settings` is the configured one). */
	unverified: SigningSetting[];
	/** A 429, a server error or no answer stopped the check: nothing was refused, something was not checked. */
	interrupted?: Interruption;
	simCount?: number;
	/** One paragraph in plain words: OK + SIM count, or what to change, or what the server answered. */
	summary: string;
	/** One line per request: the settings tried and the server's answer. */
	attempts: string[];
	problem?: RejectionKind;
	/** The last string that was signed (access code, timestamp, params; never the secret): for Linksfield support. */
	signedContent?: string;
}

const WORDS = {
	'en-US': {
		s: 'seconds',
		ms: 'milliseconds',
		sorted: 'sorted',
		insertion: 'as sent',
		on: 'on',
		off: 'off',
		ok: (n?: number) => `OK: Linksfield accepted the signed requests.${n === undefined ? '' : ` SIMs in use: ${n}.`}`,
		change: (answer: string, list: string, n?: number) =>
			`The configured settings were refused (${answer}), but these work: ${list}. Set them in the n8n credential or the Node-RED config node.${n === undefined ? '' : ` SIMs in use: ${n}.`}`,
		accepted: (k: number, n: number, list: string, refusal?: string) =>
			list
				? `Linksfield accepted ${k} of the ${n} signed requests, with ${list} (the configured settings were refused: ${refusal}).`
				: `Linksfield accepted ${k} of the ${n} signed requests, with the configured settings.`,
		nonAsciiRefused: (both: boolean, answers: string) =>
			`Requests with non-ASCII text (such as a Chinese plan name) were refused${both ? ' whichever way it was written' : ''} (${answers}): “Escape non-ASCII” is not verified; ask Linksfield support.`,
		unchecked: (names: string[]) => (names.length ? `${names.join(' and ')} ${names.length > 1 ? 'were' : 'was'} not checked` : 'nothing was left to check'),
		interrupted: {
			'rate-limited': (answer: string, unchecked: string) => `Then it rate-limited the check (${answer}): ${unchecked}. Run the check again in a minute.`,
			'server-error': (answer: string, unchecked: string) => `Then it failed with a server error (${answer}): ${unchecked}. Run the check again later; if it keeps failing, ask Linksfield support.`,
			'no-answer': (answer: string, unchecked: string) => `Then no usable answer came (${answer}): ${unchecked}. Check the network and run the check again.`,
		},
		interruptedFirst: {
			'rate-limited': (answer: string) => `Linksfield rate-limited the check before any signing setting was accepted (${answer}): nothing was verified. Run the check again in a minute.`,
			'server-error': (answer: string) => `Linksfield failed with a server error before any signing setting was accepted (${answer}): nothing was verified. Run the check again later; if it keeps failing, ask Linksfield support.`,
		},
		simCountName: 'the SIM count',
		sep: ' ',
		simCount: (n: number) => ` SIMs in use: ${n}.`,
		simsRefused: (answer: string) => ` The SIM count could not be read: ${answer}.`,
		refused: (answer: string) => `Linksfield refused every signing setting that was tried. Its last answer: ${answer}.`,
		noAnswer: (answer: string) => `No usable answer from the API: ${answer}. Check the Environment / Base URL and the network.`,
		badSecret:
			'Every timestamp unit and key order was refused as a bad signature: the Secret is most likely wrong, or belongs to another Access code or Environment. If it is right, send Linksfield support the string that was signed (never the secret) and their answer.',
	},
	'zh-CN': {
		s: '秒',
		ms: '毫秒',
		sorted: '按键排序',
		insertion: '按发送顺序',
		on: '开',
		off: '关',
		ok: (n?: number) => `成功:领科接受了签名请求。${n === undefined ? '' : `使用中的 SIM 卡:${n} 张。`}`,
		change: (answer: string, list: string, n?: number) => `当前设置被拒绝(${answer}),但以下设置可用:${list}。请在 n8n 凭证或 Node-RED 配置节点中修改。${n === undefined ? '' : `使用中的 SIM 卡:${n} 张。`}`,
		accepted: (k: number, n: number, list: string, refusal?: string) =>
			list ? `领科接受了 ${n} 个签名请求中的 ${k} 个,所用设置:${list}(当前设置被拒绝:${refusal})。` : `领科接受了 ${n} 个签名请求中的 ${k} 个,所用为当前设置。`,
		nonAsciiRefused: (both: boolean, answers: string) => `含非 ASCII 文字(如中文套餐名)的请求${both ? '无论是否转义都' : ''}被拒绝(${answers}):“转义非 ASCII 字符”未经验证;请联系领科技术支持。`,
		unchecked: (names: string[]) => (names.length ? `${names.join('与')}未能检查` : '没有剩余的检查项'),
		interrupted: {
			'rate-limited': (answer: string, unchecked: string) => `随后它对检查限流(${answer}):${unchecked}。请一分钟后再运行检查。`,
			'server-error': (answer: string, unchecked: string) => `随后它返回服务器错误(${answer}):${unchecked}。请稍后再运行检查;若一直失败,请联系领科技术支持。`,
			'no-answer': (answer: string, unchecked: string) => `随后没有可用的应答(${answer}):${unchecked}。请检查网络后再运行检查。`,
		},
		interruptedFirst: {
			'rate-limited': (answer: string) => `在任何签名设置被接受之前,领科对检查限流(${answer}):没有验证任何设置。请一分钟后再运行检查。`,
			'server-error': (answer: string) => `在任何签名设置被接受之前,领科返回服务器错误(${answer}):没有验证任何设置。请稍后再运行检查;若一直失败,请联系领科技术支持。`,
		},
		simCountName: '使用中的 SIM 卡数量',
		sep: '',
		simCount: (n: number) => `使用中的 SIM 卡:${n} 张。`,
		simsRefused: (answer: string) => `无法读取 SIM 卡数量:${answer}。`,
		refused: (answer: string) => `领科拒绝了所有尝试过的签名设置。最后的应答:${answer}。`,
		noAnswer: (answer: string) => `API 没有可用的应答:${answer}。请检查环境 / 基础 URL 与网络。`,
		badSecret: '所有时间戳单位与参数排序都被判为签名错误:很可能是密钥有误,或属于另一个 Access code / 环境。若密钥无误,请把被签名的字符串(切勿发送密钥)与应答发给领科技术支持。',
	},
};

function changeOf(setting: SigningSetting, settings: SigningSettings, language: Language): SettingChange {
	const w = WORDS[language];
	const name = SETTING_NAMES[language][setting];
	if (setting === 'timestampUnit') return { setting, name, value: settings.timestampUnit, label: w[settings.timestampUnit] };
	if (setting === 'keyOrder') return { setting, name, value: settings.canonical.order, label: w[settings.canonical.order] };
	return { setting, name, value: settings.canonical.asciiEscape, label: settings.canonical.asciiEscape ? w.on : w.off };
}

const attemptLine = (a: DetectionAttempt, i: number) => `${i + 1}. ${describeSettings(a.settings)} — ${a.probe === 'plain' ? 'orders' : a.probe === 'nonAscii' ? 'orders, Chinese text' : 'SIMs in use'} → ${a.answer}`;

/** Runs detectSigning and says in plain words what works, what to change, or what the server answered. */
export async function checkSigning(options: CubeClientOptions & { transport: Transport }): Promise<SigningCheckReport> {
	const language: Language = options.language === 'zh-CN' ? 'zh-CN' : 'en-US';
	const w = WORDS[language];
	try {
		const found = await detectSigning(options);
		const changes = found.changed.map((s) => changeOf(s, found, language));
		const firstRefusal = found.attempts.find((a) => !a.ok);
		const list = changes.map((c) => `“${c.name}” = ${c.label}`).join(', ');
		const verified = found.nonAscii === 'accepted' && !found.interrupted;
		const simsRefusal = found.attempts.find((a) => a.probe === 'simsInUse' && !a.ok);
		const unverified: SigningSetting[] = found.nonAscii === 'accepted' ? [] : ['escapeNonAscii'];
		return {
			ok: true,
			verified,
			configuredWork: verified && changes.length === 0,
			settings: { timestampUnit: found.timestampUnit, canonical: found.canonical },
			changes,
			unverified,
			interrupted: found.interrupted,
			simCount: found.simCount,
			summary: verified
				? (changes.length ? w.change(trim(firstRefusal?.answer ?? ''), list, found.simCount) : w.ok(found.simCount)) + (simsRefusal ? w.simsRefused(trim(simsRefusal.answer)) : '')
				: partialSummary(found, list, trim(firstRefusal?.answer ?? ''), language),
			attempts: found.attempts.map(attemptLine),
			signedContent: found.attempts[found.attempts.length - 1]?.signedContent,
		};
	} catch (err) {
		const attempts = err instanceof SigningDetectionError ? err.attempts : [];
		const last = attempts[attempts.length - 1];
		const problem = err instanceof SigningDetectionError ? err.problem : undefined;
		// An error message ends with a full stop of its own; the summary puts one after the answer.
		const answer = (last?.answer ?? (err as Error).message).replace(/[.。]+$/, '');
		const kind = problem && attempts.some((a) => a.problem === 'signature') && problem !== 'access-code' ? 'signature' : problem;
		const configured = kind && kind !== 'signature' ? legacySignerOf(options)?.settings : undefined;
		const hint = kind === 'signature' ? w.badSecret : kind ? diagnoseRejection(kind, { language, timestampUnit: configured?.timestampUnit, canonical: configured?.canonical, nonAscii: false, acceptedBefore: false }).hint : '';
		const interrupted = err instanceof SigningDetectionError ? err.interrupted : undefined;
		const summary =
			interrupted === 'rate-limited' || interrupted === 'server-error'
				? w.interruptedFirst[interrupted](answer)
				: kind
					? `${w.refused(answer)} ${hint}`
					: last && !last.problem && last.code
						? w.refused(answer)
						: w.noAnswer(answer);
		return {
			ok: false,
			verified: false,
			configuredWork: false,
			changes: [],
			unverified: ['timestampUnit', 'keyOrder', 'escapeNonAscii'],
			interrupted,
			summary,
			attempts: attempts.map(attemptLine),
			problem: kind,
			signedContent: last?.signedContent,
		};
	}
}

/** An error message ends with a full stop of its own; the summary puts one after the answer. */
const trim = (answer: string) => answer.replace(/[.。]+$/, '');

/** Some settings were accepted, not all of them: what was, and what stopped the rest — never "OK". */
function partialSummary(found: DetectedSigning, list: string, firstRefusal: string, language: Language): string {
	const w = WORDS[language];
	const accepted = found.attempts.filter((a) => a.ok).length;
	const head = w.accepted(accepted, found.attempts.length, list, firstRefusal);
	const sims = found.simCount === undefined ? '' : w.simCount(found.simCount);
	if (found.nonAscii === 'refused') {
		const refusals = found.attempts.filter((a) => a.probe === 'nonAscii' && !a.ok);
		const tail = w.nonAsciiRefused(refusals.length > 1, refusals.map((a) => trim(a.answer)).join('; '));
		return `${head}${w.sep}${tail}${found.interrupted ? w.sep + w.interrupted[found.interrupted](trim(found.attempts[found.attempts.length - 1].answer), w.unchecked([w.simCountName])) : ''}${sims}`;
	}
	const unchecked = [...(found.nonAscii === 'unchecked' ? [`“${SETTING_NAMES[language].escapeNonAscii}”`] : []), ...(found.simCount === undefined ? [w.simCountName] : [])];
	return `${head}${w.sep}${w.interrupted[found.interrupted!](trim(found.attempts[found.attempts.length - 1].answer), w.unchecked(unchecked))}${sims}`;
}
