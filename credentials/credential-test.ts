import { sleep, type ICredentialsDecrypted, type ICredentialTestFunctions, type INodeCredentialTestResult } from 'n8n-workflow';
import { baseUrlFor, checkSigning, transportErrorFrom, type Environment, type Language, type Transport } from '@linksfield-cube/core';
import { credentialSigning } from './LinksfieldCubeApi.credentials';

/**
 * The credential's Test: the first-contact check (a few signed read-only calls, never a write). OK says how many
 * SIMs are in use; when the saved settings are refused but others work, it fails and names the settings to
 * change; otherwise it shows the vendor's code and message and the setting to check. n8n runs this function
 * instead of a declarative test request because one request cannot try the alternatives.
 */
export async function linksfieldCubeApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let baseUrl: string;
	try {
		baseUrl = baseUrlFor(String(data.environment || 'production') as Environment, String(data.baseUrl ?? '').trim() || undefined);
	} catch (err) {
		return { status: 'Error', message: (err as Error).message };
	}
	// A credential-test context offers n8n's legacy request helper only, which n8n's own rules forbid in a
	// community node; the platform's fetch takes its place here (it follows NODE_USE_ENV_PROXY, not n8n's
	// proxy settings). The nodes themselves send through n8n's httpRequest.
	const transport: Transport = async (req) => {
		try {
			const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: JSON.stringify(req.body), signal: AbortSignal.timeout(req.timeoutMs) });
			return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
		} catch (err) {
			throw transportErrorFrom((err as { cause?: unknown }).cause ?? err);
		}
	};
	const report = await checkSigning({
		baseUrl,
		language: (data.language === 'zh-CN' ? 'zh-CN' : 'en-US') as Language,
		timeoutMs: 15000,
		transport,
		sleep,
		...credentialSigning(data),
	});
	return { status: report.configuredWork ? 'OK' : 'Error', message: report.summary };
}
