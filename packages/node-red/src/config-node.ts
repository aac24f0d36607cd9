import { CubeClient, currentNotificationVerifier, type NotificationVerifier } from '@linksfield-cube/core/node';
import { apiOf, configClientOptions, ConfigSetupError, readSetting } from './client-options';
import { registerTestEndpoint } from './config-test-endpoint';
import { networkNodeIds } from './network-options';
import type { NodeAPI } from './node-red-api';
import { CONFIG_TYPE, type CubeConfigNode, type CubeConfigProps, type CubeCredentials } from './node-types';

/**
 * linksfield-cube-config: where a flow's Cube account lives, and how it is reached (proxy, TLS). It owns ONE
 * CubeClient (keep-alive agents and rate limiter) shared by every node that uses it, created on first use and
 * closed when the node is redeployed or removed, so no sockets or timers outlive a deploy.
 */

export = function registerConfigNode(RED: NodeAPI) {
	function LinksfieldCubeConfigNode(this: CubeConfigNode, props: CubeConfigProps) {
		RED.nodes.createNode(this, props);
		const node = this;
		const credentials = (): CubeCredentials => node.credentials ?? {};
		const options = () => configClientOptions(RED, node, props, credentials());
		let client: CubeClient | undefined;

		node.api = () => apiOf(props);

		node.networkNodes = () => networkNodeIds(props);

		node.client = () => {
			if (client) return client;
			const { client: own, network } = options();
			client = new CubeClient({ ...own(), ...network });
			return client;
		};

		node.baseUrl = () => {
			try {
				return options().baseUrl;
			} catch (err) {
				if (err instanceof ConfigSetupError) return undefined;
				throw err;
			}
		};

		node.notificationSecret = () => readSetting(RED, node, node.credentials?.notificationSecret).value;

		let verifier: NotificationVerifier | undefined;
		node.currentNotificationVerifier = () => {
			verifier ??= currentNotificationVerifier({ keyId: readSetting(RED, node, credentials().notificationKeyId).value, key: readSetting(RED, node, credentials().notificationKey).value });
			return verifier;
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
			// The current API's: its API key (key id and RSA private key) and its notification key.
			keyId: { type: 'text' },
			privateKey: { type: 'password' },
			notificationKeyId: { type: 'text' },
			notificationKey: { type: 'password' },
		},
	});
};
