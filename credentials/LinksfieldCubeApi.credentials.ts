import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { ENVIRONMENTS, legacyHmacSigner, type CubeClientOptions, type Params } from '@linksfield-cube/core';
import { IGNORE_SSL_ISSUES_PROPERTY, LANGUAGE_PROPERTY } from './shared-properties';

function bodyObject(body: IHttpRequestOptions['body']): Params {
	if (body === undefined || body === null || body === '') return {};
	if (typeof body === 'string') return JSON.parse(body) as Params;
	if (typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) return { ...(body as Params) };
	throw new Error('Linksfield Cube requests carry a JSON object body');
}

/** What signs a request, from the credential's fields: used by authenticate, the credential test and the nodes. */
export function credentialSigning(credentials: ICredentialDataDecryptedObject): Required<Pick<CubeClientOptions, 'signer'>> {
	const { accessCode, secret, timestampUnit, keyOrder, escapeNonAscii } = credentials;
	return { signer: legacyHmacSigner({ accessCode, secret, timestampUnit, keyOrder, escapeNonAscii: escapeNonAscii === true }) };
}

/** The path a request goes to, as a signer takes it (the legacy scheme does not sign it). */
function pathOf(requestOptions: IHttpRequestOptions): string {
	try {
		return new URL(requestOptions.url, requestOptions.baseURL || 'http://localhost').pathname;
	} catch {
		return '/';
	}
}

/** n8n has no TLS settings of its own: Node trusts a CA given when it starts (the only way for the credential's Test). */
export const TRUST_CA_ADVICE = 'trust its CA by starting n8n with NODE_EXTRA_CA_CERTS';
/** The nodes' requests may also skip the check, through this credential. */
export const NODE_TRUST_ADVICE = `${TRUST_CA_ADVICE}, or turn on “Ignore SSL Issues (Insecure)” in the credential`;

export class LinksfieldCubeApi implements ICredentialType {
	name = 'linksfieldCubeApi';

	displayName = 'Linksfield Cube API';

	icon: Icon = { light: 'file:../nodes/icons/linksfieldCube.svg', dark: 'file:../nodes/icons/linksfieldCube.dark.svg' };

	documentationUrl = 'https://developer-en.apifox.cn/doc-1486824';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: ENVIRONMENTS.map((e) => ({ name: e.name, value: e.value, description: e.description })),
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://localhost:8787',
			description: 'Base URL of the API, e.g. the local simulator or a proxy',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Access Code',
			name: 'accessCode',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. P012345',
			description: 'The partner code (access_code) Linksfield issued to your enterprise',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API secret issued with the access code; it signs every request and is never sent',
		},
		{
			displayName: 'Notification Secret',
			name: 'notificationSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Separate secret Linksfield uses to sign its callbacks (x-lf-md5). Needed only by the Linksfield Cube Trigger; ask Linksfield for it.',
		},
		{ ...LANGUAGE_PROPERTY },
		{
			displayName: 'Timestamp Unit',
			name: 'timestampUnit',
			type: 'options',
			default: 's',
			options: [
				{ name: 'Seconds (as in the Vendor’s Endpoint Examples)', value: 's' },
				{ name: 'Milliseconds (as in the Vendor’s Overview Example)', value: 'ms' },
			],
			description: 'The vendor documents both. Change it only when Linksfield refuses the timestamp: the credential test finds the unit that works.',
		},
		{
			displayName: 'Escape Non-ASCII',
			name: 'escapeNonAscii',
			type: 'boolean',
			default: false,
			description:
				'Whether to sign Chinese text as \\uXXXX. Turn it on only when requests with Chinese text (a plan name) are refused and other requests work.',
		},
		{
			displayName: 'Key Order (Advanced)',
			name: 'keyOrder',
			type: 'options',
			default: 'sorted',
			options: [
				{ name: 'Sorted (the Vendor’s Rule)', value: 'sorted' },
				{ name: 'As Sent (the Vendor’s Example)', value: 'insertion' },
			],
			description: 'Order of the signed keys. Change it only when the credential test says so.',
		},
		{ ...IGNORE_SSL_ISSUES_PROPERTY },
	];

	/**
	 * Signs the JSON body of every request made with this credential (the HTTP Request node's, n8n's retries
	 * included): each call gets a fresh timestamp and sign. The secret stays here; only the sign is sent.
	 * The credential's Test is credential-test.ts, run through the nodes' `testedBy`.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const { body } = credentialSigning(credentials).signer.sign({ method: 'POST', path: pathOf(requestOptions), body: bodyObject(requestOptions.body) });
		const headers = { 'Accept-Language': String(credentials.language || 'en-US'), ...requestOptions.headers };
		const insecure = credentials.ignoreSslIssues === true ? { skipSslCertificateValidation: true } : {};
		return { ...requestOptions, ...insecure, headers, body, json: true };
	}
}
