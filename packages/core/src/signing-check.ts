import type { CubeClientOptions } from './client';
import type { Transport } from './transport';
import { detectSigning, describeSettings, SigningDetectionError, type DetectionAttempt, type SigningSettings } from './detect-signing';
import type { Language } from './environments';
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
	/** Some signing settings were accepted (maybe not the configured ones: see `changes`). */
	ok: boolean;
	/** The configured settings work as they are. */
	configuredWork: boolean;
	settings?: SigningSettings;
	/** What to change so that the configuration works; empty when it already does. */
	changes: SettingChange[];
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
		nonAscii: ' Requests with non-ASCII text (such as a Chinese plan name) were refused whichever way it was written: ask Linksfield support.',
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
		nonAscii: '含非 ASCII 文字(如中文套餐名)的请求无论是否转义都被拒绝:请联系领科技术支持。',
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
		const summary = (changes.length ? w.change(firstRefusal?.answer ?? '', list, found.simCount) : w.ok(found.simCount)) + (found.nonAsciiAccepted ? '' : w.nonAscii);
		return {
			ok: true,
			configuredWork: changes.length === 0,
			settings: { timestampUnit: found.timestampUnit, canonical: found.canonical },
			changes,
			simCount: found.simCount,
			summary,
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
		const hint = kind === 'signature' ? w.badSecret : kind ? diagnoseRejection(kind, { language, timestampUnit: options.timestampUnit, canonical: options.canonical, nonAscii: false, acceptedBefore: false }).hint : '';
		const summary = kind
			? `${w.refused(answer)} ${hint}`
			: last && !last.problem && last.code
				? w.refused(answer)
				: w.noAnswer(answer);
		return { ok: false, configuredWork: false, changes: [], summary, attempts: attempts.map(attemptLine), problem: kind, signedContent: last?.signedContent };
	}
}
