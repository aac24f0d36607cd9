import type { Language } from '../../client/language';
import { SETTING_NAMES, type SigningSetting } from '../legacy/signing-diagnosis';

/**
 * What to check when the current API refuses a sign v2 request (spec §3.2: HTTP 401 "Authorization missing",
 * HTTP 403 "invalid signature"; codes CB-99-9401 / CB-99-9403). The settings are the key id, the key pair, the
 * environment, this machine's clock (the timestamp must be within 10 minutes, spec §1.2) and the two switches of
 * the message the vendor leaves open (spec §2.1).
 */

/** The vendor's window for the `timestamp` header (spec §1.2). */
const TIMESTAMP_WINDOW_MS = 10 * 60 * 1000;
/** Within this of the server's Date header the clock is not the cause: Date has whole seconds, plus latency. */
const CLOCK_FINE_MS = 60 * 1000;
const TIMESTAMP_WORDS = /time\s?stamp|expired|时间戳|过期/i;

export interface CurrentAuthContext {
	language?: Language;
	/** The HTTP status and the vendor's code and message of the refusal. */
	httpStatus?: number;
	code?: string;
	vendorMessage?: string;
	/** The server's `Date` response header, to compare this machine's clock with. */
	serverDate?: string;
	/** This machine's time when the answer came, epoch ms. */
	now?: number;
	/** A request signed with the same key was accepted before: the key id and key pair are right. */
	acceptedBefore?: boolean;
	/** The refused request's signed content had spaces / non-ASCII text: only then do the two switches matter. */
	spaces?: boolean;
	nonAscii?: boolean;
}

export interface CurrentAuthDiagnosis {
	/** Most likely first. */
	settings: SigningSetting[];
	/** One or two sentences naming them, in the context's language. */
	hint: string;
}

/** Whether a request's signed content has spaces / non-ASCII text: the `spaces` and `nonAscii` of the context. */
export function signedContentTraits(request: { query?: Record<string, unknown>; body?: Record<string, unknown> }): { spaces: boolean; nonAscii: boolean } {
	const text = JSON.stringify([request.query ?? null, request.body ?? null]);
	return { spaces: text.includes(' '), nonAscii: /[\u0080-\uffff]/.test(text) };
}

/** This machine's clock minus the server's, in ms, when the server sent a Date header. */
function clockSkew(context: CurrentAuthContext): number | undefined {
	if (!context.serverDate || context.now === undefined) return undefined;
	const server = Date.parse(context.serverDate);
	return Number.isFinite(server) ? context.now - server : undefined;
}

export function diagnoseCurrentAuth(context: CurrentAuthContext): CurrentAuthDiagnosis {
	const zh = context.language === 'zh-CN';
	const n = SETTING_NAMES[zh ? 'zh-CN' : 'en-US'];
	const q = (s: SigningSetting) => `“${n[s]}”`;
	const skew = clockSkew(context);
	const minutes = skew === undefined ? 0 : Math.round(Math.abs(skew) / 60000);
	const clockOff = skew !== undefined && Math.abs(skew) > TIMESTAMP_WINDOW_MS;
	const clockFine = skew !== undefined && Math.abs(skew) <= CLOCK_FINE_MS;

	if (clockOff) {
		const direction = skew! > 0 ? (zh ? '快' : 'ahead of') : zh ? '慢' : 'behind';
		return {
			settings: ['clock'],
			hint: zh
				? `本机时钟比 API 服务器${direction}约 ${minutes} 分钟,而时间戳须在 10 分钟以内:请校准${n.clock}(NTP)。`
				: `This machine's clock is about ${minutes} minutes ${direction} the API's, and the timestamp must be within 10 minutes: set ${n.clock} right (NTP).`,
		};
	}
	const clock: SigningSetting[] = clockFine ? [] : ['clock'];
	const clockWords = clockFine ? '' : zh ? `以及${n.clock}(须在 10 分钟以内)` : ` and ${n.clock} (it must be within 10 minutes of real time)`;

	if (context.httpStatus === 401 || context.code === 'CB-99-9401') {
		return {
			settings: ['keyId', 'environment', ...clock],
			hint: zh
				? `API 未接受 Authorization 头:请检查${q('keyId')}(与 Cube 平台显示的一致)与${q('environment')}(密钥只在创建它的环境有效;中间的代理也可能丢弃该头)${clockWords}。`
				: `The API did not accept the Authorization header: check ${q('keyId')} (as the Cube portal shows it) and ${q('environment')} (a key works only where it was made; a proxy in between may also drop the header)${clockWords}.`,
		};
	}
	if (!clockFine && TIMESTAMP_WORDS.test(context.vendorMessage ?? '')) {
		return {
			settings: ['clock', 'privateKey', 'keyId'],
			hint: zh ? `时间戳被拒绝:请检查${n.clock}(须在 10 分钟以内)。` : `The timestamp was refused: check ${n.clock} (it must be within 10 minutes of real time).`,
		};
	}
	if (context.acceptedBefore) {
		// The same key signed accepted requests, so the pair is right: what differs is this request's content.
		const switches: SigningSetting[] = [...(context.spaces ? ['stripSpaces' as const] : []), ...(context.nonAscii ? ['escapeNonAscii' as const] : [])];
		if (switches.length) {
			const names = switches.map(q).join(zh ? '与' : ' and ');
			return {
				settings: [...switches, ...clock],
				hint: zh
					? `此密钥此前的请求已被接受,只有含空格或非 ASCII 文字的请求被拒绝:请切换${names}(厂商未明确这两点)${clockWords}。`
					: `Requests signed with this key were accepted before; this one has spaces or non-ASCII text: switch ${names} (the vendor leaves both open)${clockWords}.`,
			};
		}
		return {
			settings: clock.length ? clock : ['environment'],
			hint: clock.length
				? zh
					? `此密钥此前的请求已被接受:请检查${n.clock}(须在 10 分钟以内)。`
					: `Requests signed with this key were accepted before: check ${n.clock} (it must be within 10 minutes of real time).`
				: zh
					? `此密钥此前的请求已被接受,且时钟正确:请向 Linksfield 确认该接口的签名要求。`
					: `Requests signed with this key were accepted before and the clock is right: ask Linksfield what this endpoint expects.`,
		};
	}
	return {
		settings: ['privateKey', 'keyId', 'environment', ...clock],
		hint: zh
			? `签名被拒绝:请检查${q('privateKey')}是否为 Cube 平台中${q('keyId')}所对应密钥对的私钥,以及${q('environment')}(生产与 UAT 的密钥不同)${clockWords}。`
			: `The signature was refused: check that ${q('privateKey')} is the private half of the key pair the Cube portal holds for ${q('keyId')}, and ${q('environment')} (production and UAT keys differ)${clockWords}.`,
	};
}
