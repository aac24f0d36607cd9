import { sleep, type ICredentialsDecrypted, type ICredentialTestFunctions, type INodeCredentialTestResult } from 'n8n-workflow';
import { baseUrlFor, bodyText, checkSigning, requestUrl, transportErrorFrom, type Environment, type Language, type Transport } from '@linksfield-cube/core';
import { credentialSigning, TRUST_CA_ADVICE } from './LinksfieldCubeApi.credentials';

/**
 * The credential's Test: the first-contact check (a few signed read-only calls, never a write). OK says how many
 * SIMs are in use; when the saved settings are refused but others work, it fails and names the settings to
 * change; otherwise it shows the vendor's code and message and the setting to check. n8n runs this function
 * instead of a declarative test request because one request cannot try the alternatives.
 */
export async function linksfieldCubeApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let baseUrl: string;
	let signing: ReturnType<typeof credentialSigning>;
	try {
		baseUrl = baseUrlFor(String(data.environment || 'production') as Environment, String(data.baseUrl ?? '').trim() || undefined);
		signing = credentialSigning(data);
	} catch (err) {
		return { status: 'Error', message: (err as Error).message };
	}
	const { transport, untrusted } = fetchTransport();
	const language: Language = data.language === 'zh-CN' ? 'zh-CN' : 'en-US';
	const report = await checkSigning({ baseUrl, language, timeoutMs: 15000, transport, sleep, ...signing });
	// Said plainly instead of a certificate error that reads as if the option were ignored by mistake.
	if (!report.ok && untrusted() && data.ignoreSslIssues === true) return { status: 'Error', message: INSECURE_UNTESTABLE[language](untrusted()!) };
	return { status: report.configuredWork ? 'OK' : 'Error', message: report.summary };
}

/**
 * The transport of both credentials' Tests. A credential-test context offers n8n's legacy request helper only, which
 * n8n's verification rules refuse in a community node (n8n-io/n8n#25190); the platform's fetch takes its place here.
 * It follows NODE_EXTRA_CA_CERTS and NODE_USE_ENV_PROXY, but neither n8n's proxy settings nor "Ignore SSL Issues":
 * the nodes themselves send through n8n's httpRequest, which honours both. `untrusted` is the certificate error
 * code when a request failed on an untrusted certificate.
 */
export function fetchTransport(): { transport: Transport; untrusted: () => string | undefined } {
	let untrusted: string | undefined;
	const transport: Transport = async (req) => {
		try {
			// redirect 'manual': fetch would follow a 307/308 with the signed body to wherever it points.
			const res = await fetch(requestUrl(req), { method: req.method ?? 'POST', headers: req.headers, body: bodyText(req), redirect: 'manual', signal: AbortSignal.timeout(req.timeoutMs) });
			return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
		} catch (err) {
			const cause = (err as { cause?: unknown }).cause ?? err;
			const failure = transportErrorFrom(cause, { trustAdvice: TRUST_CA_ADVICE });
			if (failure.failure === 'tls') untrusted = (cause as { code?: string }).code ?? failure.detail;
			throw failure;
		}
	};
	return { transport, untrusted: () => untrusted };
}

const INSECURE_UNTESTABLE: Record<Language, (code: string) => string> = {
	'en-US': (code) =>
		`The Test could not check the signing: the server's certificate could not be verified (${code}). “Ignore SSL Issues” applies to the nodes' requests, ` +
		'but n8n gives a community credential’s Test no way to skip the certificate check. Run a node to try the credential, or trust the server’s CA by starting n8n with NODE_EXTRA_CA_CERTS.',
	'zh-CN': (code) =>
		`测试无法检查签名:服务器证书无法验证(${code})。“Ignore SSL Issues”对节点的请求生效,但 n8n 不允许社区凭据的测试跳过证书检查。` +
		'请运行一个节点来试用该凭据,或以 NODE_EXTRA_CA_CERTS 启动 n8n 来信任服务器的 CA。',
};
