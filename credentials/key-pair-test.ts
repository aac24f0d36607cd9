import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { checkCurrentApi, currentBaseUrlFor, type SigningSetting } from '@linksfield-cube/core';
import { fetchTransport } from './credential-test';
import { keyPairSettings } from './key-pair-settings';

/** The settings as the credential's form names them. */
const SETTING_NAMES: Partial<Record<SigningSetting, string>> = {
	clock: 'this machine\'s clock',
	keyId: '“Key ID”',
	privateKey: '“Private Key” (the key pair)',
	environment: '“Environment” / “Base URL”',
};

/**
 * The key-pair credential's Test: the core's read-only first-contact check (one signed GET of the SIM list, never a
 * write). OK says how many SIMs the organisation has; a refusal names which of clock / key id / key pair /
 * environment to check, most likely first. The private key is never in the message.
 */
export async function linksfieldCubeKeyPairApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const settings = keyPairSettings(credential.data ?? {});
	let baseUrl: string;
	try {
		baseUrl = currentBaseUrlFor(settings.environment, settings.baseUrl);
	} catch (err) {
		return { status: 'Error', message: (err as Error).message };
	}
	const { transport } = fetchTransport();
	const report = await checkCurrentApi({ transport, baseUrl, keyId: settings.keyId, privateKey: settings.privateKey, language: settings.language, timeoutMs: 15000 });
	if (report.ok) return { status: 'OK', message: `OK: Linksfield accepted the key pair.${report.simCount === undefined ? '' : ` SIMs: ${report.simCount}.`}` };
	const check = report.settings.map((s) => SETTING_NAMES[s] ?? s);
	const parts = [
		report.interrupted ? `The check was interrupted (${report.interrupted}); try again later.` : undefined,
		check.length ? `Check ${check.join(', then ')}.` : undefined,
		report.hint,
		`Answer: ${report.answer}.`,
	];
	return { status: 'Error', message: parts.filter(Boolean).join(' ') };
}
