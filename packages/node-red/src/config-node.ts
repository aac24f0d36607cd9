import { CubeClient } from '@linksfield-cube/core/node';
import { registerTestEndpoint, signingOptions } from './config-test-endpoint';
import { networkOptions } from './network-options';
import type { NodeAPI } from './node-red-api';
import { CONFIG_TYPE, type CubeConfigNode, type CubeConfigProps } from './node-types';

/**
 * linksfield-cube-config: where a flow's Cube account lives, and how it is reached (proxy, TLS). It owns ONE
 * CubeClient (keep-alive agents and rate limiter) shared by every node that uses it, created on first use and
 * closed when the node is redeployed or removed, so no sockets or timers outlive a deploy.
 */

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
				...signingOptions(props),
				...networkOptions(RED, props),
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

	registerTestEndpoint(RED);
	RED.nodes.registerType(CONFIG_TYPE, LinksfieldCubeConfigNode, {
		credentials: {
			accessCode: { type: 'text' },
			secret: { type: 'password' },
			notificationSecret: { type: 'password' },
		},
	});
};
