import { CubeValidationError } from '../../results/errors';
import { canonicalize, signRequestBody, type CanonicalOptions, type SigningConfig } from './sign';
import { classifyRejection, diagnoseRejection, hasNonAscii } from './signing-diagnosis';
import type { Refusal, RefusalContext, SignableRequest, SignedRequest, Signer, SigningDiagnosis } from '../signer';

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

	/** Whether it has a secret to sign with (an empty one signs, and is refused). */
	get hasSecret(): boolean {
		return this.config.secret !== '';
	}

	/** The settings the vendor leaves open (spec §2.2, §4.2), as this signer uses them. */
	get settings(): { timestampUnit: 's' | 'ms'; canonical: Required<CanonicalOptions> } {
		const { timestampUnit, canonical } = this.config;
		return { timestampUnit: timestampUnit ?? 's', canonical: { order: canonical?.order ?? 'sorted', asciiEscape: canonical?.asciiEscape ?? false } };
	}

	/** The same credentials with other settings: what detectSigning tries. */
	withSettings(settings: Pick<SigningConfig, 'timestampUnit' | 'canonical'>): LegacyHmacSigner {
		return new LegacyHmacSigner({ ...this.config, ...settings });
	}

	/** The exact string a signed body's `sign` covers (never the secret): what Linksfield support compares. */
	signedContent(body: Record<string, unknown>): string {
		return canonicalize(body, this.config.canonical);
	}

	diagnose(refusal: Refusal, context: RefusalContext): SigningDiagnosis | undefined {
		const kind = classifyRejection(refusal);
		if (!kind) return undefined;
		const { settings, hint } = diagnoseRejection(kind, {
			language: context.language,
			timestampUnit: this.config.timestampUnit,
			canonical: this.config.canonical,
			nonAscii: hasNonAscii(context.request.body ?? {}),
			acceptedBefore: context.acceptedBefore,
		});
		return { settings, hint };
	}
}

/** The legacy settings as the n8n credential, the Node-RED config node and the command line store them. */
export interface LegacySigningInput {
	accessCode: unknown;
	secret: unknown;
	/** 's' (default) or 'ms'. */
	timestampUnit?: unknown;
	/** 'sorted' (default) or 'insertion'. */
	keyOrder?: unknown;
	/** true or 'true' escapes non-ASCII text. */
	escapeNonAscii?: unknown;
	version?: string;
	now?: () => number;
}

/** The signer of the legacy scheme from stored settings: the one way every runtime and the command line get it. */
export function legacyHmacSigner(input: LegacySigningInput): LegacyHmacSigner {
	return new LegacyHmacSigner({
		accessCode: String(input.accessCode ?? '').trim(),
		secret: String(input.secret ?? ''),
		timestampUnit: input.timestampUnit === 'ms' ? 'ms' : 's',
		canonical: { order: input.keyOrder === 'insertion' ? 'insertion' : 'sorted', asciiEscape: input.escapeNonAscii === true || input.escapeNonAscii === 'true' },
		...(input.version !== undefined ? { version: input.version } : {}),
		...(input.now ? { now: input.now } : {}),
	});
}
