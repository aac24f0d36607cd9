import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INodeProperties,
	type IRequestOptionsSimplified,
} from 'n8n-workflow';
import { LinksfieldCubeApi } from '../../../../credentials/LinksfieldCubeApi.credentials';

/**
 * Hands the engine decrypted credential data and signs through the real credential's `authenticate` —
 * the same call n8n's own CredentialsHelper makes for a function-type authenticate.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly credentialType = new LinksfieldCubeApi();
	/** Requests signed so far (each transport attempt is signed anew). */
	signed = 0;

	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions | IRequestOptionsSimplified): Promise<IHttpRequestOptions> {
		if (typeName !== this.credentialType.name) throw new Error(`Unexpected credential type ${typeName}`);
		this.signed++;
		return await this.credentialType.authenticate(credentials, requestOptions as IHttpRequestOptions);
	}
	async preAuthentication(_helpers: IHttpRequestHelper, _credentials: ICredentialDataDecryptedObject): Promise<undefined> {
		return undefined;
	}
	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}
	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the engine in these tests');
	}
	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data };
	}
	async updateCredentials(): Promise<void> {}
	async updateCredentialsOauthTokenData(): Promise<void> {}
	getCredentialsProperties(): INodeProperties[] {
		return this.credentialType.properties;
	}
}
