import { CubeClient, type Environment, type Language } from '@linksfield-cube/core';
import type { Node, NodeAPI } from './node-red-api';

/**
 * linksfield-cube-config: where a flow's Cube account lives. It owns ONE CubeClient (keep-alive agent and
 * rate limiter) shared by every node that uses it, created on first use and closed when the node is
 * redeployed or removed, so no sockets or timers outlive a deploy.
 */

export const CONFIG_TYPE = 'linksfield-cube-config';

export interface CubeConfigProps {
	name?: string;
	environment?: Environment;
	baseUrl?: string;
	language?: Language;
	/** Seconds. */
	timeout?: number | string;
	/** Requests per second for every node sharing this config (0 = unlimited). */
	rateLimit?: number | string;
	timestampUnit?: 's' | 'ms';
}

export interface CubeConfigNode extends Node {
	/** The shared client; throws a plain-language error when the credentials are missing. */
	client(): CubeClient;
	/** The secret of x-lf-md5 callback signatures ('' when not set). */
	notificationSecret(): string;
}

/** `${NAME}` as the whole value: Node-RED maps this for node properties, but not for credentials. */
const ENV_REFERENCE = /^\$\{(\S+)\}$/;

const positive = (value: unknown, fallback: number) => {
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
};

export = function registerConfigNode(RED: NodeAPI) {
	function LinksfieldCubeConfigNode(this: CubeConfigNode, props: CubeConfigProps) {
		RED.nodes.createNode(this, props);
		const node = this;
		const credential = (name: string): string => {
			const value = node.credentials?.[name] ?? '';
			const ref = ENV_REFERENCE.exec(value);
			if (!ref) return value;
			const resolved = RED.util.getSetting ? RED.util.getSetting(node, ref[1]) : process.env[ref[1]];
			return resolved === undefined || resolved === null ? '' : String(resolved);
		};
		let client: CubeClient | undefined;

		node.client = () => {
			if (client) return client;
			const accessCode = credential('accessCode').trim();
			const secret = credential('secret');
			if (!accessCode || !secret) throw new Error(RED._('linksfield-cube-config.errors.missing-credentials'));
			const environment = props.environment ?? 'production';
			client = new CubeClient({
				environment,
				baseUrl: environment === 'custom' ? requireBaseUrl(props.baseUrl) : undefined,
				accessCode,
				secret,
				language: props.language ?? 'en-US',
				timeoutMs: positive(props.timeout, 30) * 1000 || 30000,
				ratePerSecond: positive(props.rateLimit, 0),
				timestampUnit: props.timestampUnit === 'ms' ? 'ms' : 's',
			});
			return client;
		};

		node.notificationSecret = () => credential('notificationSecret');

		const requireBaseUrl = (url: string | undefined) => {
			const trimmed = (url ?? '').trim();
			if (!/^https?:\/\/\S+$/.test(trimmed)) throw new Error(RED._('linksfield-cube-config.errors.base-url'));
			return trimmed;
		};

		node.on('close', (_removed, done) => {
			// In-flight calls fail fast with an "aborted" error that the action nodes swallow while closing.
			client?.close();
			client = undefined;
			done();
		});
	}

	RED.nodes.registerType(CONFIG_TYPE, LinksfieldCubeConfigNode, {
		credentials: {
			accessCode: { type: 'text' },
			secret: { type: 'password' },
			notificationSecret: { type: 'password' },
		},
	});
};
