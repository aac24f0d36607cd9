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

/**
 * Proxy and TLS of a config node from Node-RED's own `http proxy` and `tls-config` nodes, as its `http request`
 * node uses them. No proxy node: the transport reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY itself.
 */
export function networkOptions(RED: NodeAPI, props: Pick<CubeConfigProps, 'proxy' | 'tls'>): AxiosTransportOptions {
	const proxyNode = props.proxy ? (RED.nodes.getNode(props.proxy) as HttpProxyConfigNode | null) : null;
	const tlsNode = props.tls ? (RED.nodes.getNode(props.tls) as TlsConfigNode | null) : null;
	return {
		proxy: proxyNode ? proxyUrl(proxyNode) : undefined,
		proxyAuth: proxyNode ? proxyAuth(proxyNode) : undefined,
		noProxy: proxyNode?.noproxy,
		tls: tlsNode ? (tlsNode.addTLSOptions({}) as TlsOptions) : undefined,
		// Node-RED's way to trust a private CA, named in an untrusted-certificate error.
		trustAdvice: 'set its CA in the TLS config',
	};
}
