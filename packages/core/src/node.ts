/**
 * The core's Node entry: everything of the shared entry, plus a CubeClient that sends through axios by default
 * (proxy from its options or the environment, TLS options). Kept apart from index.ts so that bundles which
 * always bring their own transport (the n8n nodes, which use n8n's HTTP helper) never include axios or node:http.
 */
import { createAxiosTransport, type AxiosTransportOptions } from './axios-transport';
import { CubeClient as SharedCubeClient, type CubeClientOptions as SharedCubeClientOptions } from './client';

export * from './index';
export { createAxiosTransport, proxyFor, type AxiosTransportOptions, type TlsOptions } from './axios-transport';

export interface CubeClientOptions extends Omit<SharedCubeClientOptions, 'transport'>, Pick<AxiosTransportOptions, 'proxy' | 'proxyAuth' | 'noProxy' | 'tls' | 'trustAdvice'> {
	/** Replaces the axios transport (and with it proxy / tls). */
	transport?: SharedCubeClientOptions['transport'];
}

export class CubeClient extends SharedCubeClient {
	private readonly ownTransport?: ReturnType<typeof createAxiosTransport>;

	constructor(options: CubeClientOptions) {
		const own = options.transport ? undefined : createAxiosTransport({ proxy: options.proxy, proxyAuth: options.proxyAuth, noProxy: options.noProxy, tls: options.tls, trustAdvice: options.trustAdvice });
		super({ ...options, transport: options.transport ?? own! });
		this.ownTransport = own;
	}

	/** Also ends the keep-alive sockets of the transport it made. */
	override close(): void {
		super.close();
		this.ownTransport?.close();
	}
}
