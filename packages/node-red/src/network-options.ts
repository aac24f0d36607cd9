import type { AxiosTransportOptions, TlsOptions } from '@linksfield-cube/core/node';
import type { NodeAPI } from './node-red-api';
import type { CubeConfigProps, HttpProxyConfigNode, TlsConfigNode } from './node-types';

/** The `http proxy` node's URL with its credentials put in, as the proxy agents take them. */
function proxyUrl(node: HttpProxyConfigNode): string | undefined {
	const raw = (node.url ?? '').trim();
	if (!raw) return undefined;
	const url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
	if (node.credentials?.username) url.username = node.credentials.username;
	if (node.credentials?.password) url.password = node.credentials.password;
	return url.href;
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
		noProxy: proxyNode?.noproxy,
		tls: tlsNode ? (tlsNode.addTLSOptions({}) as TlsOptions) : undefined,
		// Node-RED's way to trust a private CA, named in an untrusted-certificate error.
		trustAdvice: 'set its CA in the TLS config',
	};
}
