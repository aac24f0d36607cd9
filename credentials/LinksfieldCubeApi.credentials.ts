import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { ENVIRONMENTS, LANGUAGES, signRequestBody, type Params } from '@linksfield-cube/core';

/**
 * The test request's base URL as an n8n expression (the credential test runs before any node code): a plain
 * ternary chain over the environments, since n8n's expression sandbox does not offer every JS global.
 */
const BASE_URL_EXPRESSION =
	'={{ ' +
	ENVIRONMENTS.filter((e) => e.baseUrl)
		.map((e) => `$credentials.environment === '${e.value}' ? '${e.baseUrl}' : `)
		.join('') +
	`($credentials.baseUrl || '').replace(new RegExp('/+$'), '') }}`;

function bodyObject(body: IHttpRequestOptions['body']): Params {
	if (body === undefined || body === null || body === '') return {};
	if (typeof body === 'string') return JSON.parse(body) as Params;
	if (typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) return { ...(body as Params) };
	throw new Error('Linksfield Cube requests carry a JSON object body');
}

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
		{
			displayName: 'Language',
			name: 'language',
			type: 'options',
			default: 'en-US',
			options: LANGUAGES.map((l) => ({ name: l.name, value: l.value })),
			description: 'Language of the messages the API answers with',
		},
		{
			displayName: 'Timestamp Unit',
			name: 'timestampUnit',
			type: 'options',
			default: 's',
			options: [
				{ name: 'Seconds (as in the Vendor’s Endpoint Examples)', value: 's' },
				{ name: 'Milliseconds (as in the Vendor’s Overview Example)', value: 'ms' },
			],
			description: 'The vendor documents both; change only if Linksfield tells you so',
		},
	];

	/**
	 * Signs the JSON body of every request made with this credential, the credential test and n8n's retries
	 * included: each call gets a fresh timestamp and sign. The secret stays here; only the sign is sent.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const body = signRequestBody(bodyObject(requestOptions.body), {
			accessCode: String(credentials.accessCode ?? '').trim(),
			secret: String(credentials.secret ?? ''),
			timestampUnit: credentials.timestampUnit === 'ms' ? 'ms' : 's',
		});
		const headers = { 'Accept-Language': String(credentials.language || 'en-US'), ...requestOptions.headers };
		return { ...requestOptions, headers, body, json: true };
	}

	/** A cheap signed read; its business answer (not the HTTP status, which is 200 either way) decides. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/package/queryOrder',
			method: 'POST',
			body: { page_no: 1, page_size: 1 },
			json: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message: 'Linksfield rejected the request: check the access code, the secret (invalid signature?) and the environment',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: undefined,
					message: 'The answer is not a Linksfield Cube API response: check the environment / base URL',
				},
			},
		],
	};
}
