import { baseUrlFor, currentBaseUrlFor, currentClientOptions, legacyHmacSigner, type AxiosTransportOptions, type CubeClientOptions, type Language } from '@linksfield-cube/core/node';
import { networkOptions } from './network-options';
import type { Node, NodeAPI } from './node-red-api';
import type { CubeApi, CubeConfigProps, CubeCredentials } from './node-types';

/**
 * What a config node's settings and credentials stand for: the CubeClient's options. Built here only — for the
 * deployed config node's client and for its Test button alike — so the Test checks what the nodes will send.
 */

/** `${NAME}` as the whole value: Node-RED maps this for node properties, but not for credentials. */
const ENV_REFERENCE = /^\$\{(\S+)\}$/;

/** A value read from the runtime's environment, and the reference it was written as. */
export interface FromEnvironment {
	value: string;
	reference: string;
}

/**
 * A setting as written, or, written as `${NAME}`, read the way Node-RED reads env variables for the config node
 * `node`: its flow's and the global env, then the process's (`node` null: one not deployed — the process's only).
 */
export function readSetting(RED: NodeAPI, node: Node | null, raw: string | undefined): { value: string; fromEnvironment?: FromEnvironment } {
	const ref = ENV_REFERENCE.exec((raw ?? '').trim());
	if (!ref) return { value: raw ?? '' };
	const found = RED.util.getSetting ? RED.util.getSetting(node, ref[1]) : process.env[ref[1]];
	const value = found === undefined || found === null ? '' : String(found);
	return value ? { value, fromEnvironment: { value, reference: ref[0] } } : { value };
}

/** The settings' options, split as the two users need them: the client's own, and its transport's. */
export interface ConfigClientOptions {
	api: CubeApi;
	environment: string;
	/** Where the requests go (the current API's ends in /cube/v4). */
	baseUrl: string;
	language: Language;
	timeoutMs: number;
	/**
	 * The client's own options. A function: it builds the signer, and the current API's refuses a malformed private
	 * key there, naming the setting — the Test button hands the key to the core's check instead, which says the same.
	 */
	client(): CubeClientOptions & { baseUrl: string };
	/** Current API: the key pair, for the core's first-contact check (checkCurrentApi). */
	currentKey?: { keyId: string; privateKey: string };
	network: AxiosTransportOptions;
	/** Every value that came from the environment: never to be shown to the editor. */
	fromEnvironment: FromEnvironment[];
}

/** Why the options could not be built; `key` is the config node's message for it. */
export class ConfigSetupError extends Error {
	constructor(
		readonly key: 'missing-credentials' | 'missing-key' | 'base-url',
		message: string,
	) {
		super(message);
	}
}

const positive = (value: unknown, fallback: number) => {
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
};

/** The API a config node speaks: only 'current' says so; anything else (a node saved before the choice) is legacy. */
export const apiOf = (props: Pick<CubeConfigProps, 'api'>): CubeApi => (props.api === 'current' ? 'current' : 'legacy');

/** `node`: the deployed config node, or null (see readSetting). */
export function configClientOptions(RED: NodeAPI, node: Node | null, props: CubeConfigProps, credentials: CubeCredentials): ConfigClientOptions {
	const fromEnvironment: FromEnvironment[] = [];
	const read = (raw: string | undefined): string => {
		const setting = readSetting(RED, node, raw);
		if (setting.fromEnvironment) fromEnvironment.push(setting.fromEnvironment);
		return setting.value;
	};
	const api = apiOf(props);
	const language: Language = props.language === 'zh-CN' ? 'zh-CN' : 'en-US';
	const timeoutMs = positive(props.timeout, 30) * 1000 || 30000;
	const environment = props.environment ?? 'production';
	const baseUrlOf = (lookup: (custom: string | undefined) => string): string => {
		try {
			const custom = environment === 'custom' ? read(props.baseUrl).trim() : undefined;
			if (custom !== undefined && !/^https?:\/\/\S+$/.test(custom)) throw new Error('base URL');
			return lookup(custom);
		} catch {
			throw new ConfigSetupError('base-url', RED._('linksfield-cube-config.errors.base-url'));
		}
	};
	const network = networkOptions(RED, props);
	if (api === 'current') {
		const keyId = read(credentials.keyId).trim();
		const privateKey = read(credentials.privateKey);
		if (!keyId || !privateKey.trim()) throw new ConfigSetupError('missing-key', RED._('linksfield-cube-config.errors.missing-key'));
		const baseUrl = baseUrlOf((custom) => currentBaseUrlFor(environment, custom));
		const rate = positive(props.rateLimit, 0);
		return {
			api,
			environment,
			baseUrl,
			language,
			timeoutMs,
			// The vendor's limits (10 a second, 3 in flight per IP) are the core's defaults: a rate set here may only lower it.
			client: () => ({ ...currentClientOptions({ baseUrl, keyId, privateKey, language, timeoutMs, ...(rate > 0 ? { ratePerSecond: Math.min(rate, 10) } : {}) }), baseUrl }),
			currentKey: { keyId, privateKey },
			network,
			fromEnvironment,
		};
	}
	const accessCode = read(credentials.accessCode).trim();
	const secret = read(credentials.secret);
	if (!accessCode || !secret) throw new ConfigSetupError('missing-credentials', RED._('linksfield-cube-config.errors.missing-credentials'));
	const baseUrl = baseUrlOf((custom) => baseUrlFor(environment, custom));
	const signer = legacyHmacSigner({ accessCode, secret, timestampUnit: props.timestampUnit, keyOrder: props.keyOrder, escapeNonAscii: props.escapeNonAscii });
	return {
		api,
		environment,
		baseUrl,
		language,
		timeoutMs,
		client: () => ({ environment: environment as CubeClientOptions['environment'], baseUrl, signer, language, timeoutMs, ratePerSecond: positive(props.rateLimit, 0) }),
		network,
		fromEnvironment,
	};
}
