import type { AxiosTransportOptions, TlsOptions } from '@linksfield-cube/core/node';
import type { NodeAPI } from './node-red-api';
import type { CubeConfigProps, HttpProxyConfigNode, TlsConfigNode } from './node-types';

/** The `http proxy` node's URL; a bare host:port is an http:// proxy. */
function proxyUrl(node: HttpProxyConfigNode): string | undefined {
	const raw = (node.url ?? '').trim();
	if (!raw) return undefined;
	return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}

/**
 * The `http proxy` node's user and password as typed: put into the URL they would be read as URL-encoded
 * (`p%41ss` became `pAss`, `pa%zz` failed every request).
 */
function proxyAuth(node: HttpProxyConfigNode): AxiosTransportOptions['proxyAuth'] {
	const { username, password } = node.credentials ?? {};
	return username || password ? { username: username ?? '', password: password ?? '' } : undefined;
}

/** The config node types the `proxy` and `tls` settings name. */
export const NETWORK_NODE_TYPES = { proxy: 'http proxy', tls: 'tls-config' } as const;
export type NetworkSetting = keyof typeof NETWORK_NODE_TYPES;

/** The ids of the `http proxy` and `tls-config` nodes a config node names; '' for none. */
export type NetworkNodeIds = Record<NetworkSetting, string>;

/** A setting's node id, '' for none: the editor's select says `_ADD_` for none (and for "add new", not saved as such). */
export function networkNodeIds(props: Pick<CubeConfigProps, 'proxy' | 'tls'>): NetworkNodeIds {
	const id = (v: unknown) => (typeof v === 'string' && v.trim() !== '_ADD_' ? v.trim() : '');
	return { proxy: id(props.proxy), tls: id(props.tls) };
}

/** The deployed node of that id, if it is one of the setting's type. */
function deployedNode<T>(RED: NodeAPI, setting: NetworkSetting, id: string): T | null {
	const node = id ? (RED.nodes.getNode(id) as (T & { type?: string }) | null) : null;
	return node && node.type === NETWORK_NODE_TYPES[setting] ? node : null;
}

/** The settings that name a node the runtime does not have (not deployed yet, or not of that type): the Test says so. */
export function undeployedNetworkNodes(RED: NodeAPI, props: Pick<CubeConfigProps, 'proxy' | 'tls'>): NetworkSetting[] {
	const ids = networkNodeIds(props);
	return (Object.keys(NETWORK_NODE_TYPES) as NetworkSetting[]).filter((setting) => ids[setting] !== '' && !deployedNode(RED, setting, ids[setting]));
}

/**
 * Proxy and TLS of a config node from Node-RED's own `http proxy` and `tls-config` nodes, as its `http request`
 * node uses them: the deployed nodes of those ids. No proxy node: the transport reads HTTP_PROXY / HTTPS_PROXY /
 * NO_PROXY itself.
 */
export function networkOptions(RED: NodeAPI, props: Pick<CubeConfigProps, 'proxy' | 'tls'>): AxiosTransportOptions {
	const ids = networkNodeIds(props);
	const proxyNode = deployedNode<HttpProxyConfigNode>(RED, 'proxy', ids.proxy);
	const tlsNode = deployedNode<TlsConfigNode>(RED, 'tls', ids.tls);
	return {
		proxy: proxyNode ? proxyUrl(proxyNode) : undefined,
		proxyAuth: proxyNode ? proxyAuth(proxyNode) : undefined,
		noProxy: proxyNode?.noproxy,
		tls: tlsNode ? (tlsNode.addTLSOptions({}) as TlsOptions) : undefined,
		// Node-RED's way to trust a private CA, named in an untrusted-certificate error.
		trustAdvice: 'set its CA in the TLS config',
	};
}
