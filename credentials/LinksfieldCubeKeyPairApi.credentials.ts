import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, Icon, INodeProperties } from 'n8n-workflow';
import { CURRENT_ENVIRONMENTS, SignV2Signer } from '@linksfield-cube/core';
import { IGNORE_SSL_ISSUES_PROPERTY, LANGUAGE_PROPERTY } from './shared-properties';
import { KEY_PAIR_CREDENTIAL_TYPE, keyPairSettings, signedTarget } from './key-pair-settings';

export class LinksfieldCubeKeyPairApi implements ICredentialType {
	name = KEY_PAIR_CREDENTIAL_TYPE;

	// n8n's rules want a credential's name to end in "API"; the access-code one is "Linksfield Cube API".
	displayName = 'Linksfield Cube Key Pair API';

	icon: Icon = { light: 'file:../nodes/icons/linksfieldCube.svg', dark: 'file:../nodes/icons/linksfieldCube.dark.svg' };

	documentationUrl = 'https://developer-en.apifox.cn/doc-1486824';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: CURRENT_ENVIRONMENTS.map((e) => ({ name: e.name, value: e.value, description: e.description })),
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://localhost:8787/cube/v4',
			description: 'Base URL of the current API, ending in /cube/v4: the local simulator or a proxy',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Key ID',
			name: 'keyId',
			type: 'string',
			default: '',
			required: true,
			description: 'The API key\'s ID, from the Cube portal (API keys)',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 6 },
			default: '',
			required: true,
			placeholder: 'e.g. -----BEGIN PRIVATE KEY----- …',
			description: 'The RSA private key of the key pair, PEM (PKCS#1 or PKCS#8), the whole text with its BEGIN and END lines. It signs every request and is never sent.',
		},
		{
			displayName: 'Notification Key ID',
			name: 'notificationKeyId',
			type: 'string',
			default: '',
			description: 'ID of the notification key (Cube portal). Needed only by the Linksfield Cube Trigger.',
		},
		{
			displayName: 'Notification Key',
			// The name carries "secret" so n8n's rules see it as one (it is the notification signing key).
			name: 'notificationSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The key Linksfield signs its notifications with (x-lf-signature). Needed only by the Linksfield Cube Trigger.',
		},
		{ ...LANGUAGE_PROPERTY },
		{ ...IGNORE_SSL_ISSUES_PROPERTY },
	];

	/**
	 * Signs a request of the HTTP Request node with sign v2 (headers over method, path, query and body); our own nodes
	 * sign in the core's client. The private key stays here.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const { keyId, privateKey, language } = keyPairSettings(credentials);
		const signer = new SignV2Signer({ keyId, privateKey });
		const body = requestOptions.body && typeof requestOptions.body === 'object' && !Array.isArray(requestOptions.body) && !Buffer.isBuffer(requestOptions.body) ? (requestOptions.body as Record<string, unknown>) : undefined;
		const signed = signer.sign({ method: String(requestOptions.method ?? 'GET').toUpperCase(), ...signedTarget(requestOptions), ...(body ? { body } : {}) });
		const insecure = credentials.ignoreSslIssues === true ? { skipSslCertificateValidation: true } : {};
		return { ...requestOptions, ...insecure, headers: { 'Accept-Language': language!, ...requestOptions.headers, ...signed.headers } };
	}
}
