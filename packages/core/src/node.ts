/**
 * The core's Node entry: everything of the shared entry, plus a CubeClient, detectSigning and checkSigning that
 * send through axios by default (proxy from their options or the environment, TLS options). Kept apart from
 * index.ts so that bundles which always bring their own transport (the n8n nodes, which use n8n's HTTP helper)
 * never include axios or node:http.
 */
import { createAxiosTransport, type AxiosTransportOptions } from './transport/axios-transport';
import { CubeClient as SharedCubeClient, type CubeClientOptions as SharedCubeClientOptions } from './client/cube-client';
import { currentClientOptions, type CurrentClientSettings } from './client/current-client';
import { detectSigning as sharedDetectSigning, type DetectedSigning } from './signing/legacy/detect-signing';
import { checkSigning as sharedCheckSigning, type SigningCheckReport } from './signing/legacy/signing-check';

export * from './index';
export { createAxiosTransport, proxyFor, type AxiosTransportOptions, type TlsOptions } from './transport/axios-transport';

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

/** Runs `check` with the caller's transport, or with an axios transport of its own that it closes afterwards. */
async function withTransport<T>(options: CubeClientOptions, check: (options: SharedCubeClientOptions) => Promise<T>): Promise<T> {
	if (options.transport) return check({ ...options, transport: options.transport });
	const own = createAxiosTransport({ proxy: options.proxy, proxyAuth: options.proxyAuth, noProxy: options.noProxy, tls: options.tls, trustAdvice: options.trustAdvice });
	try {
		return await check({ ...options, transport: own });
	} finally {
		own.close();
	}
}

/** The shared detectSigning, sending through axios unless `options.transport` is given. */
export function detectSigning(options: CubeClientOptions): Promise<DetectedSigning> {
	return withTransport(options, sharedDetectSigning);
}

/** The shared checkSigning, sending through axios unless `options.transport` is given. */
export function checkSigning(options: CubeClientOptions): Promise<SigningCheckReport> {
	return withTransport(options, sharedCheckSigning);
}

/** How the Node entry's clients send: axios with these options, or the given transport. */
export type NodeTransportSettings = Pick<CubeClientOptions, 'transport' | 'proxy' | 'proxyAuth' | 'noProxy' | 'tls' | 'trustAdvice'>;

/**
 * A client of the current API (sign v2, /cube/v4) from its settings, sending through axios unless `transport` is
 * given: what the n8n credential, the Node-RED config node, their Test buttons and the command line build.
 */
export function createCurrentClient(settings: CurrentClientSettings & NodeTransportSettings): CubeClient {
	const { transport, proxy, proxyAuth, noProxy, tls, trustAdvice } = settings;
	return new CubeClient({ ...currentClientOptions(settings), transport, proxy, proxyAuth, noProxy, tls, trustAdvice });
}
