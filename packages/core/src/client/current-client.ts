import { CubeClient, type CubeClientOptions } from './cube-client';
import { currentBaseUrlFor, type CurrentEnvironment } from '../current/current-environments';
import { SignV2Signer } from '../signing/current/sign-v2-signer';
import type { SignV2Settings } from '../signing/current/sign-v2-message';

/**
 * The one way a runtime builds a client of the current API from its settings — the n8n credential, the Node-RED
 * config node, their Test buttons and the command line: the base URL of the environment (ending in /cube/v4), a
 * sign v2 signer over the key id and the private key (checked and parsed here, before anything is sent), and the
 * vendor's limits as defaults (10 requests a second, 3 in flight). The Node entry's createCurrentClient adds the
 * axios transport; this one takes the runtime's own (n8n's HTTP helper).
 */

export interface CurrentClientSettings extends Pick<CubeClientOptions, 'language' | 'timeoutMs' | 'retry' | 'ratePerSecond' | 'maxInFlight' | 'iccidCheck' | 'sleep' | 'now'> {
	/** production (default), productionIo, uat or custom (with baseUrl). */
	environment?: CurrentEnvironment;
	/** The base URL, ending in /cube/v4 (the simulator's: http://127.0.0.1:8787/cube/v4); wins over `environment`. */
	baseUrl?: string;
	/** The API key's id, from the Cube portal. */
	keyId: string;
	/** The API key's RSA private key, PEM (PKCS#1 or PKCS#8). Never in an error or a log. */
	privateKey: string;
	/** The two points of the signed message the vendor leaves open (spec current §2.1); defaults keep spaces and raw UTF-8. */
	signing?: SignV2Settings;
}

/** The CubeClient options of a current-API client, without a transport. */
export function currentClientOptions(settings: CurrentClientSettings): Omit<CubeClientOptions, 'transport'> {
	const { environment, baseUrl, keyId, privateKey, signing, now, ...rest } = settings;
	const signer = new SignV2Signer({ keyId, privateKey, settings: signing, now });
	return { ...rest, now, baseUrl: currentBaseUrlFor(environment, baseUrl), signer };
}

/** A current-API client sending through the given transport (the shared entry has no HTTP client of its own). */
export function createCurrentClient(settings: CurrentClientSettings & Pick<CubeClientOptions, 'transport'>): CubeClient {
	return new CubeClient({ ...currentClientOptions(settings), transport: settings.transport });
}
