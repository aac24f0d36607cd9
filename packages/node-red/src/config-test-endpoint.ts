import { checkCurrentApi, checkSigning, createAxiosTransport, type CurrentApiCheckReport } from '@linksfield-cube/core/node';
import { apiOf, configClientOptions, ConfigSetupError, type ConfigClientOptions, type FromEnvironment } from './client-options';
import { networkNodeIds, undeployedNetworkNodes } from './network-options';
import type { NodeAPI } from './node-red-api';
import { CONFIG_TYPE, type CubeConfigNode, type CubeConfigProps } from './node-types';

/**
 * The config node's Test button: POST /linksfield-cube-config/:id/test on Node-RED's admin app, allowed to
 * users who may change config nodes. It checks the values in the open dialog, unsaved ones included (a
 * password field the user did not touch comes back as Node-RED's placeholder, so the deployed secret is used),
 * with a few signed read-only calls, and answers with the check's report. The requests go the way the nodes'
 * will: through the deployed `http proxy` and `tls-config` nodes the dialog names (one not deployed yet is named
 * in the answer, and nothing is sent). The secret never leaves the runtime: the deployed secret signs only
 * requests to the deployed node's own base URL, through its own proxy and TLS config, and no value read from the
 * runtime's environment (`${NAME}`) comes back to the editor.
 */

export const TEST_PATH = `/${CONFIG_TYPE}/:id/test`;
/** What Node-RED's editor sends for a password credential that already has a value. */
const PASSWORD_PLACEHOLDER = '__PWRD__';

export interface TestRequestBody extends CubeConfigProps {
	accessCode?: string;
	secret?: string;
	keyId?: string;
	privateKey?: string;
}

type AdminRequest = { params: { id: string }; body?: TestRequestBody };
type AdminResponse = { status(code: number): AdminResponse; json(body: unknown): void };

/** The ways a value can be written inside the report: as is, inside a JSON string, or with non-ASCII as \uXXXX. */
function writtenForms(value: string): string[] {
	const json = JSON.stringify(value).slice(1, -1);
	const escaped = json.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
	return [...new Set([value, json, escaped])];
}

/** The report with every value read from the environment replaced by its `${NAME}` (a server may echo them too). */
function withoutEnvironmentValues<T>(report: T, values: FromEnvironment[]): T {
	if (!values.length) return report;
	const replacements = values.flatMap(({ value, reference }) => writtenForms(value).map((form) => [form, reference] as const)).sort((a, b) => b[0].length - a[0].length);
	const clean = (v: unknown): unknown => {
		if (typeof v === 'string') return replacements.reduce((text, [form, reference]) => text.split(form).join(reference), v);
		if (Array.isArray(v)) return v.map(clean);
		if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, clean(item)]));
		return v;
	};
	return clean(report) as T;
}

/**
 * The current API's check in the shape the dialog shows (the legacy check's: summary, configuredWork, attempts):
 * OK with the SIM count, or the answer and what to fix — the core's hint names the key pair, the key id, the
 * environment or the clock.
 */
function currentReport(RED: NodeAPI, report: CurrentApiCheckReport) {
	const summary = report.ok
		? RED._('linksfield-cube-config.test.current-ok', { count: report.simCount ?? '?' })
		: RED._('linksfield-cube-config.test.current-refused', { answer: report.answer, hint: report.hint ?? '' }).trim();
	const { error: _error, ...rest } = report;
	return { ...rest, configuredWork: report.ok, changes: [], summary, attempts: report.request ? [`${report.request} → ${report.answer}`] : [] };
}

export function registerTestEndpoint(RED: NodeAPI): void {
	const app = RED.httpAdmin;
	if (!app) return;
	const allowed = RED.auth ? RED.auth.needsPermission(`${CONFIG_TYPE}.write`) : (_req: unknown, _res: unknown, next: () => void) => next();
	app.post(TEST_PATH, allowed, async (req: AdminRequest, res: AdminResponse) => {
		const body = req.body ?? {};
		const deployed = RED.nodes.getNode(req.params.id) as CubeConfigNode | null;
		const stored = RED.nodes.getCredentials?.(req.params.id) ?? {};
		const given = (value: string | undefined) => (value === undefined || value === PASSWORD_PLACEHOLDER ? undefined : value);
		const api = apiOf(body);
		// The saved key of the other API was never tested with these settings: only the deployed node's own API lends its saved key.
		const saved = (deployed?.api?.() ?? 'legacy') === api ? stored : {};
		const ownSecret = given(api === 'current' ? body.privateKey : body.secret);
		// A proxy / TLS config the runtime does not have would be left out without a word: the Test would go another
		// way than the nodes (direct, or HTTP_PROXY) and say OK or fail for nothing the nodes will meet.
		const undeployed = undeployedNetworkNodes(RED, body);
		if (undeployed.length) return res.status(400).json({ ok: false, summary: undeployed.map((setting) => RED._(setting === 'proxy' ? 'linksfield-cube-config.errors.proxy-not-deployed' : 'linksfield-cube-config.errors.tls-not-deployed')).join(' ') });
		let options: ConfigClientOptions;
		try {
			// The dialog's settings, read as the deployed node reads its own (env variables of its flow included).
			options = configClientOptions(RED, deployed, body, {
				accessCode: given(body.accessCode) ?? saved.accessCode,
				secret: given(body.secret) ?? saved.secret,
				keyId: given(body.keyId) ?? saved.keyId,
				privateKey: given(body.privateKey) ?? saved.privateKey,
			});
		} catch (err) {
			if (err instanceof ConfigSetupError) return res.status(400).json({ ok: false, summary: err.message });
			// Thrown in an async route it would be an unhandled rejection; its text may hold what the dialog resolved.
			return res.status(500).json({ ok: false, summary: RED._('linksfield-cube-config.test.failed', { status: 500 }) });
		}
		// The deployed secret signs nothing for another server than the deployed node's: a dialog pointed at any
		// URL would otherwise get requests signed with it.
		if (ownSecret === undefined && options.baseUrl !== deployed?.baseUrl?.())
			return res.status(400).json({ ok: false, summary: RED._('linksfield-cube-config.errors.stored-secret-elsewhere') });
		// Nor does a value read from the environment (${NAME}) go to a server of the dialog's own: it could answer with
		// it in a form no redaction of the report knows (base64, say). Linksfield's named environments may have it.
		if (options.fromEnvironment.length && options.environment === 'custom' && options.baseUrl !== deployed?.baseUrl?.())
			return res.status(400).json({ ok: false, summary: RED._('linksfield-cube-config.errors.environment-elsewhere') });
		// And either goes only the saved way: through the deployed node's own proxy and TLS config. The HMAC secret is
		// never on the wire, but the signed requests are (the access code in their body): a proxy of the dialog's, with
		// a TLS config of the dialog's that trusts its CA or verifies nothing, would read them even on the saved base URL
		// — to replay within the timestamp window, or to guess a weak secret offline from content and signature.
		const savedWay = deployed?.networkNodes?.() ?? networkNodeIds({});
		const dialogWay = networkNodeIds(body);
		if (dialogWay.proxy !== savedWay.proxy || dialogWay.tls !== savedWay.tls) {
			if (ownSecret === undefined) return res.status(400).json({ ok: false, summary: RED._('linksfield-cube-config.errors.stored-secret-network') });
			if (options.fromEnvironment.length) return res.status(400).json({ ok: false, summary: RED._('linksfield-cube-config.errors.environment-network') });
		}
		// The dialog's proxy / TLS config nodes as deployed, so the Test goes the way the nodes' requests will.
		const transport = createAxiosTransport(options.network);
		const key = options.currentKey;
		const report = key
			? currentReport(RED, await checkCurrentApi({ transport, baseUrl: options.baseUrl, ...key, language: options.language, timeoutMs: options.timeoutMs }).finally(() => transport.close()))
			: await checkSigning({ ...options.client(), transport }).finally(() => transport.close());
		res.json(withoutEnvironmentValues(report, options.fromEnvironment));
	});
}
