import { baseUrlFor, checkSigning, createAxiosTransport, type CubeClientOptions, type Environment, type Language } from '@linksfield-cube/core/node';
import { networkOptions } from './network-options';
import type { NodeAPI } from './node-red-api';
import { CONFIG_TYPE, type CubeConfigProps } from './node-types';

/**
 * The config node's Test button: POST /linksfield-cube-config/:id/test on Node-RED's admin app, allowed to
 * users who may change config nodes. It checks the values in the open dialog, unsaved ones included (a
 * password field the user did not touch comes back as Node-RED's placeholder, so the deployed secret is used),
 * with a few signed read-only calls, and answers with the check's report. The secret never leaves the runtime.
 */

export const TEST_PATH = `/${CONFIG_TYPE}/:id/test`;
/** What Node-RED's editor sends for a password credential that already has a value. */
const PASSWORD_PLACEHOLDER = '__PWRD__';
const ENV_REFERENCE = /^\$\{(\S+)\}$/;

export interface TestRequestBody extends CubeConfigProps {
	accessCode?: string;
	secret?: string;
}

type AdminRequest = { params: { id: string }; body?: TestRequestBody };
type AdminResponse = { status(code: number): AdminResponse; json(body: unknown): void };

/** The CubeClient signing options a config node's properties stand for (shared with the node's own client). */
export function signingOptions(props: CubeConfigProps): Pick<CubeClientOptions, 'timestampUnit' | 'canonical'> {
	return {
		timestampUnit: props.timestampUnit === 'ms' ? 'ms' : 's',
		canonical: { order: props.keyOrder === 'insertion' ? 'insertion' : 'sorted', asciiEscape: props.escapeNonAscii === true || props.escapeNonAscii === 'true' },
	};
}

export function registerTestEndpoint(RED: NodeAPI): void {
	const app = RED.httpAdmin;
	if (!app) return;
	const allowed = RED.auth ? RED.auth.needsPermission(`${CONFIG_TYPE}.write`) : (_req: unknown, _res: unknown, next: () => void) => next();
	app.post(TEST_PATH, allowed, async (req: AdminRequest, res: AdminResponse) => {
		const body = req.body ?? {};
		const language: Language = body.language === 'zh-CN' ? 'zh-CN' : 'en-US';
		const stored = RED.nodes.getCredentials?.(req.params.id) ?? {};
		const value = (given: string | undefined, name: string) => {
			const raw = given === undefined || given === PASSWORD_PLACEHOLDER ? (stored[name] ?? '') : given;
			const ref = ENV_REFERENCE.exec(raw);
			return ref ? (process.env[ref[1]] ?? '') : raw;
		};
		const accessCode = value(body.accessCode, 'accessCode').trim();
		const secret = value(body.secret, 'secret');
		if (!accessCode || !secret) return res.status(400).json({ ok: false, summary: RED._('linksfield-cube-config.errors.missing-credentials') });
		let baseUrl: string;
		try {
			const environment = (body.environment ?? 'production') as Environment;
			const custom = ENV_REFERENCE.exec((body.baseUrl ?? '').trim());
			baseUrl = baseUrlFor(environment, custom ? process.env[custom[1]] : body.baseUrl?.trim());
			if (!/^https?:\/\/\S+$/.test(baseUrl)) throw new Error('base URL');
		} catch {
			return res.status(400).json({ ok: false, summary: RED._('linksfield-cube-config.errors.base-url') });
		}
		const timeout = Number(body.timeout);
		// The dialog's proxy / TLS config nodes, so the Test goes the way the nodes' requests will.
		const transport = createAxiosTransport(networkOptions(RED, body));
		const report = await checkSigning({
			transport,
			baseUrl,
			accessCode,
			secret,
			language,
			timeoutMs: (Number.isFinite(timeout) && timeout > 0 ? timeout : 30) * 1000,
			ratePerSecond: Math.max(0, Number(body.rateLimit) || 0),
			...signingOptions(body),
		}).finally(() => transport.close());
		res.json(report);
	});
}
