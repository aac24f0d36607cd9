import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import type { CurrentClientSettings, CurrentEnvironment, Language } from '@linksfield-cube/core';

/** The key pair credential's type name: the current API (sign v2). The access-code credential stays the legacy API's. */
export const KEY_PAIR_CREDENTIAL_TYPE = 'linksfieldCubeKeyPairApi';

/** The client settings a saved key-pair credential stands for (createCurrentClient / checkCurrentApi take them). */
export function keyPairSettings(credentials: ICredentialDataDecryptedObject): Pick<CurrentClientSettings, 'environment' | 'baseUrl' | 'keyId' | 'privateKey' | 'language'> {
	const environment = String(credentials.environment || 'production') as CurrentEnvironment;
	const baseUrl = environment === 'custom' ? String(credentials.baseUrl ?? '').trim() : '';
	return {
		environment,
		...(baseUrl ? { baseUrl } : {}),
		keyId: String(credentials.keyId ?? '').trim(),
		privateKey: String(credentials.privateKey ?? ''),
		language: (credentials.language === 'zh-CN' ? 'zh-CN' : 'en-US') as Language,
	};
}

/** The request's path and query, as sign v2 signs them (the full path, /cube/v4 included). */
export function signedTarget(requestOptions: IHttpRequestOptions): { path: string; query: Record<string, unknown> } {
	const url = new URL(requestOptions.url, requestOptions.baseURL || 'http://localhost');
	const query: Record<string, unknown> = {};
	for (const [k, v] of url.searchParams) query[k] = v;
	if (requestOptions.qs && typeof requestOptions.qs === 'object') Object.assign(query, requestOptions.qs);
	return { path: url.pathname, query };
}
