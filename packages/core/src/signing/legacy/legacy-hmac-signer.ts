import { CubeValidationError } from '../../errors';
import { signRequestBody, type SigningConfig } from '../../sign';
import type { SignableRequest, SignedRequest, Signer } from '../signer';

/**
 * The old-version API's scheme (HMAC-SHA1 of the body: access_code, timestamp, version, sign) behind the Signer port.
 * A thin adapter: sign.ts stays the one place that builds the signed body, so what this returns is byte for byte what
 * the client sends today. The scheme adds no headers; the path and query are not part of its signature.
 */
export class LegacyHmacSigner implements Signer {
	readonly scheme = 'legacy-hmac' as const;
	private readonly config: SigningConfig;

	constructor(config: SigningConfig) {
		if (!config.accessCode) throw new CubeValidationError('configuration', 'accessCode', 'is required with the secret');
		this.config = { ...config };
	}

	sign(request: SignableRequest): SignedRequest {
		return { headers: {}, body: signRequestBody(request.body ?? {}, this.config) };
	}
}
