import { baseUrlFor, legacyHmacSigner, type AxiosTransportOptions, type CubeClientOptions } from '@linksfield-cube/core/node';
import { networkOptions } from './network-options';
import type { Node, NodeAPI } from './node-red-api';
import type { CubeConfigProps } from './node-types';

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
	client: CubeClientOptions & { baseUrl: string };
	network: AxiosTransportOptions;
	/** Every value that came from the environment: never to be shown to the editor. */
	fromEnvironment: FromEnvironment[];
}

/** Why the options could not be built; `key` is the config node's message for it. */
export class ConfigSetupError extends Error {
	constructor(
		readonly key: 'missing-credentials' | 'base-url',
		message: string,
	) {
		super(message);
	}
}

const positive = (value: unknown, fallback: number) => {
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
};

/** `node`: the deployed config node, or null (see readSetting). */
export function configClientOptions(RED: NodeAPI, node: Node | null, props: CubeConfigProps, credentials: { accessCode?: string; secret?: string }): ConfigClientOptions {
	const fromEnvironment: FromEnvironment[] = [];
	const read = (raw: string | undefined): string => {
		const setting = readSetting(RED, node, raw);
		if (setting.fromEnvironment) fromEnvironment.push(setting.fromEnvironment);
		return setting.value;
	};
	const accessCode = read(credentials.accessCode).trim();
	const secret = read(credentials.secret);
	if (!accessCode || !secret) throw new ConfigSetupError('missing-credentials', RED._('linksfield-cube-config.errors.missing-credentials'));
	const environment = props.environment ?? 'production';
	let baseUrl: string;
	try {
		const custom = environment === 'custom' ? read(props.baseUrl).trim() : undefined;
		if (custom !== undefined && !/^https?:\/\/\S+$/.test(custom)) throw new Error('base URL');
		baseUrl = baseUrlFor(environment, custom);
	} catch {
		throw new ConfigSetupError('base-url', RED._('linksfield-cube-config.errors.base-url'));
	}
	return {
		client: {
			environment,
			baseUrl,
			signer: legacyHmacSigner({ accessCode, secret, timestampUnit: props.timestampUnit, keyOrder: props.keyOrder, escapeNonAscii: props.escapeNonAscii }),
			language: props.language === 'zh-CN' ? 'zh-CN' : 'en-US',
			timeoutMs: positive(props.timeout, 30) * 1000 || 30000,
			ratePerSecond: positive(props.rateLimit, 0),
		},
		network: networkOptions(RED, props),
		fromEnvironment,
	};
}
