import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { ensureFile, ensureProgram, NODE_RED_MATRIX, nodeRed as h, packPackage, PLAN_1GB, SIM_IN_USE, TEST_ACCOUNT, until as waitUntil, type NodeRedRuntime } from '@linksfield-cube/testkit';
import { byName, example, oneSimNearlyOut, pointAt, twoSimsNearlyOut, type ExampleNode } from '@linksfield-cube/testkit/node-red-examples';

/**
 * The editor in a real browser: Debian's Chromium (apt-installed when missing), headless, driven by
 * playwright-core, against a real Node-RED 4.1 and 5.x with the packed package. A user drags the action node from
 * the palette, picks an operation, sees its fields — in English, and with the editor language set to zh-CN in
 * Chinese, as the catalog has them — presses the config node's Test button (OK, then a wrong secret) and deploys;
 * the deployed flow holds what was picked. The current API the same way: a config node switched to it in its
 * dialog, the key pair pasted (a PEM with its line breaks), Test OK and another key pair refused, deployed, and an
 * operation through it answered. And the legacy Test's suggestion: against a server that signs otherwise than the
 * config node, *Apply these settings* sets the dialog's fields, and the deployed node then works. The config
 * node's dialog is titled by its type's name (Linksfield Cube account), not its type id. And the shipped examples
 * of both APIs, deployed against a simulator and triggered by their inject buttons, run to their end on the canvas:
 * the node status shows it, and the simulator's counters say what was renewed / which bundles were added.
 * LINKSFIELD_SCREENSHOTS=<dir> keeps the editors' screenshots (from Node-RED 4.1) there (npm run screenshots: docs/screenshots).
 */

jest.setTimeout(10 * 60_000);

const ROOT = path.resolve(__dirname, '../../..');
const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: 'e2e-editor-secret' };
const CONFIG_ID = 'cfg-editor';
/** The current API: the team's test key pair (sign v2), another valid one, and a notification key of this test's own. */
const KEYS = path.join(ROOT, 'packages', 'testkit', 'fixtures', 'sign-v2-keys');
const CURRENT = {
	keyId: 'e2e-node-red-editor',
	privateKey: fs.readFileSync(path.join(KEYS, 'team-rsa1024.pkcs8.pem'), 'utf8'),
	notificationKeyId: 'E2eNodeRedEditor01',
	notificationKey: 'e2eNodeRedEditorNotificationKey0123456789abcdefghijklmnopqrstuv',
};
const OTHER_PRIVATE_KEY = fs.readFileSync(path.join(KEYS, 'team-rsa2048.pkcs8.pem'), 'utf8');
/** Node-RED 4.1 and 5.x (the claimed floor, 4.1.0, has 4.1's editor: the package tests run it). */
const MAJORS = NODE_RED_MATRIX.filter(([, major]) => major !== 'floor');
/** Node-RED's own flags for a throw-away headless browser that calls nowhere but the loopback. */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

let nr: NodeRedRuntime;
let sim: RunningSimulator;
/** A server that signs otherwise than the vendor's documented default: milliseconds only, keys as sent, non-ASCII as \uXXXX. */
let variant: RunningSimulator;
let work: string;
let tarball: string;
let chromiumPath: string;
const shots = process.env.LINKSFIELD_SCREENSHOTS ? path.resolve(process.env.LINKSFIELD_SCREENSHOTS) : undefined;

beforeAll(async () => {
	chromiumPath = ensureProgram('chromium', 'chromium');
	// Without a CJK font the zh-CN editor draws boxes (its text is still checked from the page).
	ensureFile('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'fonts-wqy-microhei');
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-nr-editor-'));
	tarball = packPackage(path.join(ROOT, 'packages', 'node-red'), work);
	sim = await startSimulator({
		port: 0,
		seed: 'demo',
		accounts: [ACCOUNT],
		current: { keys: [{ keyId: CURRENT.keyId, publicKey: fs.readFileSync(path.join(KEYS, 'team-rsa1024.public.pem'), 'utf8') }], notificationKey: { keyId: CURRENT.notificationKeyId, key: CURRENT.notificationKey } },
	});
	variant = await startSimulator({ port: 0, seed: 'demo', accounts: [ACCOUNT], timestampUnit: 'ms', timestampStrict: true, signing: 'insertion', escapeUnicode: true });
});

afterAll(async () => {
	await sim?.close();
	await variant?.close();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Polls `read` until `check` holds for its value (the editor draws asynchronously); returns the value. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
	let last: T | undefined;
	try {
		return (await waitUntil('the editor to show it', async () => ((last = await read()), check(last) ? { value: last } : undefined), timeoutMs)).value;
	} catch {
		throw new Error(`the editor never showed what was expected; last seen: ${JSON.stringify(last)}`);
	}
}

/**
 * A flow with only the account (a config node) deployed, and a fresh browser profile whose editor language is
 * `lang` (Node-RED keeps the user's choice of language in localStorage) on the editor.
 */
async function openEditor(lang: string, more: h.FlowNode[] = [], editorTab = true): Promise<{ context: BrowserContext; page: Page }> {
	await h.deployFlows(nr.url, [
		...more,
		...(editorTab ? [{ id: 'tab-editor', type: 'tab', label: 'Flow 1' }] : []),
		{
			id: CONFIG_ID,
			type: 'linksfield-cube-config',
			name: 'simulator',
			environment: 'custom',
			baseUrl: sim.url,
			language: 'en-US',
			credentials: { accessCode: ACCOUNT.accessCode, secret: ACCOUNT.secret },
		},
	]);
	const profile = fs.mkdtempSync(path.join(work, 'chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath,
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: { width: 1280, height: 760 },
		locale: lang,
	});
	await context.addInitScript(`localStorage.setItem('editor-language', ${JSON.stringify(lang)})`);
	const page = context.pages()[0] ?? (await context.newPage());
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	await page.goto(nr.url, { waitUntil: 'load' });
	await page.waitForSelector('.red-ui-palette-node[data-palette-type="linksfield-cube"]', { timeout: 60_000 });
	expect(errors).toEqual([]);
	return { context, page };
}

/** Drags the action node from the palette onto the workspace and opens its edit dialog. */
async function addActionNode(page: Page): Promise<void> {
	const palette = page.locator('.red-ui-palette-node[data-palette-type="linksfield-cube"]');
	const drawn = () => page.locator('#red-ui-workspace-chart g.red-ui-flow-node-group').evaluateAll((groups) => groups.map((g) => g.id));
	const before = await drawn();
	await palette.scrollIntoViewIfNeeded();
	const from = (await palette.boundingBox())!;
	const to = (await page.locator('#red-ui-workspace-chart').boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	for (const step of [0.25, 0.5, 0.75, 1]) await page.mouse.move(from.x + (to.x + 300 - from.x) * step, from.y + (to.y + 150 - from.y) * step, { steps: 5 });
	await page.mouse.up();
	// The one node drawn since the drop (the flow may have others).
	const [added] = await until(async () => (await drawn()).filter((id) => !before.includes(id)), (ids) => ids.length === 1);
	await page.locator(`#red-ui-workspace-chart g[id="${added}"] .red-ui-flow-node`).dblclick();
	await page.waitForSelector('#node-input-operation', { state: 'visible' });
	// Node-RED leaves a new node's config field on "none": the user picks the account.
	await page.selectOption('#node-input-cube', CONFIG_ID);
}

/** The labels of the parameter rows the editor drew for the chosen operation. */
const paramLabels = (page: Page) => page.locator('#linksfield-cube-params .form-row > label').allTextContents();

/** The flows as the runtime has them. */
async function deployedFlows(): Promise<Record<string, any>[]> {
	return ((await (await fetch(`${nr.url}/flows`, { headers: { 'Node-RED-API-Version': 'v2' } })).json()) as { flows: Record<string, any>[] }).flows;
}

/**
 * `http in` at `url` → (`before`, chained) → an action node `<prefix>-op` on the config node `cube` with `props`,
 * its error output on → `http response`: the result with 200, msg.error with 500. On the editor's tab, top left.
 */
function answering(prefix: string, url: string, cube: string, props: Record<string, unknown>, before: h.FlowNode[] = []): h.FlowNode[] {
	const chain = [...before, { id: `${prefix}-op`, type: 'linksfield-cube', name: '', cube, params: {}, property: 'payload', manyOutput: 'array', paging: 'all', limit: 100, errorOutput: true, outputs: 2, ...props }];
	const placed = chain.map((n, i) => ({ ...n, z: 'tab-editor', x: 300 + 180 * i, y: 40, wires: i < chain.length - 1 ? [[chain[i + 1].id]] : [[`${prefix}-ok`], [`${prefix}-error`]] }));
	const x = 300 + 180 * chain.length;
	return [
		{ id: `${prefix}-in`, type: 'http in', z: 'tab-editor', name: '', url, method: 'post', upload: false, swaggerDoc: '', x: 120, y: 40, wires: [[chain[0].id]] },
		...placed,
		{ id: `${prefix}-ok`, type: 'http response', z: 'tab-editor', name: '', statusCode: '', headers: {}, x, y: 20, wires: [] },
		{ id: `${prefix}-error`, type: 'change', z: 'tab-editor', name: '', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'error', tot: 'msg' }], x, y: 80, wires: [[`${prefix}-500`]] },
		{ id: `${prefix}-500`, type: 'http response', z: 'tab-editor', name: '', statusCode: '500', headers: {}, x: x + 180, y: 80, wires: [] },
	];
}

/** POSTs `body` as JSON to an `http in` of the deployed flow; the answer's status and JSON body. */
async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
	const res = await fetch(`${nr.url}${url}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	for (const line of [CURRENT.privateKey, OTHER_PRIVATE_KEY].flatMap((pem) => pem.split('\n').slice(1, 4))) expect(text).not.toContain(line);
	return { status: res.status, body: JSON.parse(text) };
}

/**
 * Done, then Deploy; resolves with the deployed action node as the runtime has it (the one added in the editor:
 * not one of `before`, the ids deployed before the browser opened).
 */
async function deploy(page: Page, before: string[] = []): Promise<Record<string, any>> {
	await page.click('#node-dialog-ok');
	await page.click('#red-ui-header-button-deploy');
	await page.waitForSelector('.red-ui-notification', { timeout: 30_000 });
	const node = (await deployedFlows()).find((n) => n.type === 'linksfield-cube' && !before.includes(n.id));
	expect(node).toBeDefined();
	return node!;
}

/**
 * The account's config dialog, opened from the action node (the pencil by the Cube field): Test with the saved
 * keys says OK with the SIM count; Test with a wrong secret typed in (unsaved) says the secret is most likely
 * wrong; Cancel keeps the saved keys.
 */
async function testAccount(page: Page): Promise<void> {
	await page.click('#node-input-btn-cube-edit');
	await page.waitForSelector('#linksfield-cube-config-test', { state: 'visible' });
	expect(await dialogTitle(page)).toBe('Edit Linksfield Cube account node');
	const result = page.locator('#linksfield-cube-config-test-result');
	await page.click('#linksfield-cube-config-test');
	const ok = await until(() => result.textContent(), (t) => !!t && !t.includes('…'), 60_000);
	expect(ok).toMatch(/^OK: Linksfield accepted the signed requests\. SIMs in use: \d+\./);
	expect(await result.getAttribute('class')).toContain('linksfield-cube-ok');
	await page.fill('#node-config-input-secret', 'not-the-secret');
	await page.click('#linksfield-cube-config-test');
	const failed = await until(() => result.textContent(), (t) => !!t && !t.includes('…') && t !== ok, 60_000);
	expect(failed).toContain('the Secret is most likely wrong');
	expect(failed).not.toContain('not-the-secret');
	expect(await result.getAttribute('class')).toContain('linksfield-cube-fail');
	await page.click('#node-config-dialog-cancel');
	await page.waitForSelector('#linksfield-cube-config-test', { state: 'detached' });
}

/** The title of the open edit dialog (the last of the tray's breadcrumbs: a config dialog's follow its node's). */
const dialogTitle = (page: Page) => page.locator('.red-ui-tray').last().locator('.red-ui-tray-breadcrumbs li').last().textContent();

/** The status text the editor shows under a node of the flow on the canvas. */
const statusOf = (page: Page, id: string) => page.locator(`#red-ui-workspace-chart g[id="${id}"] .red-ui-flow-node-status-label`).textContent();

/** The canvas as it is once the editor's notifications (Successfully injected…) are gone. */
async function canvasScreenshot(page: Page, name: string): Promise<void> {
	await until(() => page.locator('.red-ui-notification').filter({ visible: true }).count(), (n) => n === 0, 30_000);
	await screenshot(page, name);
}

/** Kept in LINKSFIELD_SCREENSHOTS from Node-RED 4.1 only (one set for the README); otherwise taken and thrown away. */
async function screenshot(page: Page, name: string): Promise<void> {
	const file = path.join(shots && nr.version.startsWith('4.') ? shots : path.join(work, nr.version), name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file });
	expect(fs.statSync(file).size).toBeLessThan(300 * 1024);
}

/**
 * A screenshot of a dialog longer than the editor's usual window (the current API's key fields with the Test
 * result; an operation's fields with Wait for Result): taken in a window `height` tall, in which the whole open
 * dialog fits; the window is put back after.
 */
async function tallScreenshot(page: Page, name: string, height: number): Promise<void> {
	const usual = page.viewportSize()!;
	await page.setViewportSize({ width: usual.width, height });
	try {
		// The scrolling part of the open dialog (the top tray): the one around its Properties form.
		const tray = page.locator('.red-ui-tray').last().locator('.form-row').first().locator('xpath=ancestor::div[contains(@class, "red-ui-tray-content")][1]');
		// Node-RED sizes the tray on the window's resize.
		await until(async () => (await tray.boundingBox())?.height ?? 0, (h) => h > usual.height);
		await tray.evaluate((el) => el.scrollTo(0, 0));
		expect(await tray.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThan(20);
		await screenshot(page, name);
	} finally {
		await page.setViewportSize(usual);
	}
}

describe.each(MAJORS)('%s', (_title, major) => {
	beforeAll(async () => {
		nr = await h.startNodeRed({ major, packages: [tarball] });
	});

	afterAll(async () => {
		await nr?.stop();
	});

	it('en-US: add the action node, pick Plan → Renew, see its fields, test the account (right and wrong secret), deploy', async () => {
		const { context, page } = await openEditor('en-US');
		try {
			await addActionNode(page);
			expect(await page.locator('#node-input-operation option[value="plan.renew"]').textContent()).toBe('Renew');
			await page.selectOption('#node-input-operation', 'plan.renew');
			expect(await paramLabels(page)).toEqual(['Order ID *', 'Renew Periods *']);
			// The catalog's `code` spans show as code, not as backquotes.
			const orderTip = page.locator('#linksfield-cube-params .form-row').first().locator('.form-tips');
			expect(await orderTip.textContent()).toBe('Order ID (the order_code a usage query returns)');
			expect(await orderTip.locator('code').textContent()).toBe('order_code');
			await until(() => page.locator('#linksfield-cube-op-note').textContent(), (t) => !!t?.includes('Never retried automatically'));
			await page.locator('#linksfield-cube-params .form-row').first().locator('input.red-ui-typedInput-input').fill('ORDER_FROM_THE_EDITOR');
			await page.keyboard.press('Tab');
			await screenshot(page, 'node-red-editor-en-US.png');
			await testAccount(page);
			const node = await deploy(page);
			expect(node).toMatchObject({ cube: CONFIG_ID, operation: 'plan.renew', params: { order_id: { value: 'ORDER_FROM_THE_EDITOR', type: 'str' }, renew_period: { value: '1', type: 'num' } } });
		} finally {
			await context.close();
		}
	});

	it('zh-CN: the same dialog speaks Chinese — the vendor\'s operation names, parameter labels and options — and deploys', async () => {
		const { context, page } = await openEditor('zh-CN');
		try {
			expect(await page.evaluate('RED.i18n.lang()')).toBe('zh-CN');
			await addActionNode(page);
			const usage = page.locator('#node-input-operation option[value="usage.get"]');
			expect(await usage.textContent()).toBe('查询单张SIM卡流量使用情况');
			expect(await page.locator('#node-input-operation optgroup[label="套餐"] option[value="plan.renew"]').textContent()).toBe('续订流量套餐');
			await page.selectOption('#node-input-operation', 'plan.order');
			expect(await paramLabels(page)).toEqual(expect.arrayContaining(['ICCID *', '套餐编码 *', '套餐类型 *', '支付方式']));
			// A drop-down's options are the catalog's, in Chinese.
			const planType = page.locator('#linksfield-cube-params .form-row').filter({ hasText: '套餐类型' });
			await planType.locator('.red-ui-typedInput-option-trigger').click();
			await until(() => page.getByText('月套餐 (2)', { exact: true }).filter({ visible: true }).count(), (n) => n > 0);
			await page.keyboard.press('Escape');
			await page.selectOption('#node-input-operation', 'plan.renew');
			expect(await paramLabels(page)).toEqual(['订单号 *', '续订周期数 *']);
			await until(() => page.locator('#linksfield-cube-op-note').textContent(), (t) => !!t?.includes('从不自动重试'));
			await screenshot(page, 'node-red-editor-zh-CN.png');
			// The account's dialog is titled by the type's Chinese name.
			await page.click('#node-input-btn-cube-edit');
			await page.waitForSelector('#linksfield-cube-config-test', { state: 'visible' });
			expect(await dialogTitle(page)).toBe('编辑 Linksfield Cube 账号 节点');
			await page.click('#node-config-dialog-cancel');
			await page.waitForSelector('#linksfield-cube-config-test', { state: 'detached' });
			const node = await deploy(page);
			expect(node).toMatchObject({ cube: CONFIG_ID, operation: 'plan.renew' });
		} finally {
			await context.close();
		}
	});

	it('the operation list follows the config node\'s API: picking a current-API account lists the current operations, and back', async () => {
		const current = { id: 'cfg-current', type: 'linksfield-cube-config', name: 'current API', api: 'current', environment: 'custom', baseUrl: `${sim.url}/cube/v4`, language: 'en-US', credentials: { keyId: CURRENT.keyId, privateKey: CURRENT.privateKey } };
		const { context, page } = await openEditor('en-US', [current]);
		try {
			await addActionNode(page);
			const listed = () => page.locator('#node-input-operation option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
			expect(await listed()).toContain('plan.renew');
			expect((await listed()).some((id) => id.startsWith('current.'))).toBe(false);
			await page.selectOption('#node-input-cube', 'cfg-current');
			const currentIds = await until(listed, (ids) => ids.includes('current.bundle.add'));
			expect(currentIds.filter((id) => id !== 'msg').every((id) => id.startsWith('current.'))).toBe(true);
			await page.selectOption('#node-input-operation', 'current.bundle.add');
			expect(await page.locator('#node-input-operation').getAttribute('class')).not.toContain('input-error');
			expect(await paramLabels(page)).toEqual(expect.arrayContaining(['ICCID *', 'Cycles']));
			// An asynchronous write offers Wait for Result; a read does not.
			expect(await page.locator('.linksfield-cube-wait-row').isVisible()).toBe(true);
			await page.check('#node-input-waitForResult');
			await page.selectOption('#node-input-operation', 'current.sim.get');
			expect(await page.locator('.linksfield-cube-wait-row').isVisible()).toBe(false);
			// Back to the legacy account: the legacy list again, its first operation chosen for the one it lacks.
			await page.selectOption('#node-input-cube', CONFIG_ID);
			await until(listed, (ids) => ids.includes('plan.renew') && !ids.includes('current.sim.get'));
			await page.selectOption('#node-input-cube', 'cfg-current');
			await until(listed, (ids) => ids.includes('current.sim.get'));
			await page.selectOption('#node-input-operation', 'current.bundle.add');
			// The current account's dialog: its key fields, no legacy signing settings; the Test checks the key pair.
			await page.click('#node-input-btn-cube-edit');
			await page.waitForSelector('#linksfield-cube-config-test', { state: 'visible' });
			expect(await page.locator('#node-config-input-api').inputValue()).toBe('current');
			expect(await page.locator('#node-config-input-privateKey').isVisible()).toBe(true);
			expect(await page.locator('#node-config-input-secret').isVisible()).toBe(false);
			expect(await page.locator('#node-config-input-timestampUnit').isVisible()).toBe(false);
			const result = page.locator('#linksfield-cube-config-test-result');
			await page.click('#linksfield-cube-config-test');
			expect(await until(() => result.textContent(), (t) => !!t && !t.includes('…'), 60_000)).toMatch(/^OK: Linksfield accepted the signed request \(current API\)\. SIMs: \d+\./);
			await page.click('#node-config-dialog-cancel');
			await page.waitForSelector('#linksfield-cube-config-test', { state: 'detached' });
			const node = await deploy(page);
			expect(node).toMatchObject({ cube: 'cfg-current', operation: 'current.bundle.add', waitForResult: true });
		} finally {
			await context.close();
		}
	});

	it('current API in the dialog: a config node switched to current, its keys pasted (PEM with line breaks), Test OK, another key pair named; Bundle → Add; deployed, an operation through it answered', async () => {
		const flow = answering('cur', '/e2e/editor-current', 'cfg-to-current', { operation: 'msg' }, [
			{ id: 'cur-msg', type: 'change', name: '', rules: [{ t: 'set', p: 'operation', pt: 'msg', to: 'payload.operation', tot: 'msg' }, { t: 'set', p: 'params', pt: 'msg', to: 'payload.params', tot: 'msg' }] },
		]);
		const config = { id: 'cfg-to-current', type: 'linksfield-cube-config', name: 'to be current', api: 'legacy', environment: 'custom', baseUrl: sim.url, language: 'en-US', timeout: 30, rateLimit: 10 };
		const { context, page } = await openEditor('en-US', [config, ...flow]);
		const simGet = () => post('/e2e/editor-current', { operation: 'current.sim.get', params: { sim_id: SIM_IN_USE } });
		// Deployed as legacy without keys: the runtime refuses a current operation on it.
		expect((await simGet()).status).toBe(500);
		try {
			await addActionNode(page);
			await page.selectOption('#node-input-cube', 'cfg-to-current');
			await page.click('#node-input-btn-cube-edit');
			await page.waitForSelector('#linksfield-cube-config-test', { state: 'visible' });
			await page.selectOption('#node-config-input-api', 'current');
			expect(await page.locator('#node-config-input-secret').isVisible()).toBe(false);
			expect(await page.locator('#node-config-input-timestampUnit').isVisible()).toBe(false);
			expect(await page.locator('#node-config-input-environment').inputValue()).toBe('custom');
			await page.fill('#node-config-input-baseUrl', `${sim.url}/cube/v4`);
			await page.fill('#node-config-input-keyId', CURRENT.keyId);
			// Pasted whole, line breaks included (a password input drops them: the runtime puts the PEM back together).
			expect(CURRENT.privateKey.split('\n').length).toBeGreaterThan(5);
			await page.fill('#node-config-input-privateKey', CURRENT.privateKey);
			await page.fill('#node-config-input-notificationKeyId', CURRENT.notificationKeyId);
			await page.fill('#node-config-input-notificationKey', CURRENT.notificationKey);
			const result = page.locator('#linksfield-cube-config-test-result');
			await page.click('#linksfield-cube-config-test');
			const ok = await until(() => result.textContent(), (t) => !!t && !t.includes('…'), 60_000);
			expect(ok).toMatch(/^OK: Linksfield accepted the signed request \(current API\)\. SIMs: \d+\./);
			expect(await result.getAttribute('class')).toContain('linksfield-cube-ok');
			await tallScreenshot(page, 'node-red-current-config.png', 1240);
			// Another valid RSA key: the answer names the key pair, and shows neither key.
			await page.fill('#node-config-input-privateKey', OTHER_PRIVATE_KEY);
			await page.click('#linksfield-cube-config-test');
			const refused = await until(() => result.textContent(), (t) => !!t && !t.includes('…') && t !== ok, 60_000);
			expect(refused).toMatch(/“Private key” is the private half of the key pair/);
			expect(await result.getAttribute('class')).toContain('linksfield-cube-fail');
			for (const pem of [OTHER_PRIVATE_KEY, CURRENT.privateKey]) for (const line of pem.split('\n').slice(1, 4)) expect(refused).not.toContain(line);
			await page.fill('#node-config-input-privateKey', CURRENT.privateKey);
			await page.click('#node-config-dialog-ok');
			await page.waitForSelector('#linksfield-cube-config-test', { state: 'detached' });
			// Back in the action node: the account now speaks the current API, and so does the operation list.
			const listed = () => page.locator('#node-input-operation option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
			await until(listed, (ids) => ids.includes('current.bundle.add') && !ids.includes('plan.renew'));
			await page.selectOption('#node-input-operation', 'current.bundle.add');
			// Valid for the account picked in this dialog (not yet saved on the node): no error frame on the picker.
			expect(await page.locator('#node-input-operation').getAttribute('class')).not.toContain('input-error');
			expect(await paramLabels(page)).toEqual(expect.arrayContaining(['ICCID *', 'Bundle ID *', 'Cycles']));
			expect(await page.locator('.linksfield-cube-wait-row').isVisible()).toBe(true);
			await page.check('#node-input-waitForResult');
			const param = (label: string) => page.locator('#linksfield-cube-params .form-row').filter({ has: page.locator('label', { hasText: label }) }).locator('input.red-ui-typedInput-input');
			await param('ICCID').fill(SIM_IN_USE);
			await param('Bundle ID').fill(PLAN_1GB.package_code);
			await page.keyboard.press('Tab');
			await tallScreenshot(page, 'node-red-current-node.png', 1180);
			const node = await deploy(page, flow.map((n) => n.id));
			expect(node).toMatchObject({ cube: 'cfg-to-current', operation: 'current.bundle.add', waitForResult: true });
			expect((await deployedFlows()).find((n) => n.id === 'cfg-to-current')).toMatchObject({ api: 'current', baseUrl: `${sim.url}/cube/v4` });
			// The keys typed in the browser sign the deployed node's requests.
			const answer = await simGet();
			expect(answer.status).toBe(200);
			expect(answer.body).toMatchObject({ sim_id: SIM_IN_USE });
		} finally {
			await context.close();
		}
	});

	it('Apply these settings: the Test finds the signing settings a server takes (ms, keys as sent, non-ASCII escaped), applies them to the dialog; deployed, the node works', async () => {
		const config = { id: 'cfg-variant', type: 'linksfield-cube-config', name: 'signs otherwise', environment: 'custom', baseUrl: variant.url, language: 'en-US', timeout: 30, rateLimit: 10, timestampUnit: 's', keyOrder: 'sorted', escapeNonAscii: false, credentials: { ...ACCOUNT } };
		// Orders filtered by a Chinese order id: a request whose signature needs all three settings.
		const params = { order_id: { value: '编辑器订单', type: 'str' }, page_no: { value: '1', type: 'num' }, page_size: { value: '10', type: 'num' } };
		const flow = answering('var', '/e2e/editor-variant', 'cfg-variant', { operation: 'plan.getOrders', params, paging: 'all', manyOutput: 'array' });
		const { context, page } = await openEditor('en-US', [config, ...flow]);
		const orders = () => variant.admin.counters().requestsByPath['/package/queryOrder'] ?? 0;
		// As deployed, the server refuses the node's requests.
		const before = await post('/e2e/editor-variant', {});
		expect(before.status).toBe(500);
		try {
			await page.locator('#red-ui-workspace-chart g[id="var-op"] .red-ui-flow-node').dblclick();
			await page.waitForSelector('#node-input-operation', { state: 'visible' });
			await page.click('#node-input-btn-cube-edit');
			await page.waitForSelector('#linksfield-cube-config-test', { state: 'visible' });
			const fields = async () => ({
				timestampUnit: await page.locator('#node-config-input-timestampUnit').inputValue(),
				keyOrder: await page.locator('#node-config-input-keyOrder').inputValue(),
				escapeNonAscii: await page.locator('#node-config-input-escapeNonAscii').isChecked(),
			});
			expect(await fields()).toEqual({ timestampUnit: 's', keyOrder: 'sorted', escapeNonAscii: false });
			const result = page.locator('#linksfield-cube-config-test-result');
			await page.click('#linksfield-cube-config-test');
			const found = await until(() => result.textContent(), (t) => !!t && !t.includes('…'), 60_000);
			expect(found).toMatch(/^The configured settings were refused \(.+\), but these work: /);
			for (const change of ['= milliseconds', '= as sent', '= on']) expect(found).toContain(change);
			expect(await result.getAttribute('class')).toContain('linksfield-cube-fail');
			const apply = result.getByRole('button', { name: 'Apply these settings' });
			await apply.click();
			await until(() => result.textContent(), (t) => !!t?.includes('Applied: press Update / Done and deploy to keep them.'));
			expect(await apply.count()).toBe(0);
			expect(await fields()).toEqual({ timestampUnit: 'ms', keyOrder: 'insertion', escapeNonAscii: true });
			await page.click('#node-config-dialog-ok');
			await page.waitForSelector('#linksfield-cube-config-test', { state: 'detached' });
			await deploy(page);
			expect((await deployedFlows()).find((n) => n.id === 'cfg-variant')).toMatchObject({ timestampUnit: 'ms', keyOrder: 'insertion', escapeNonAscii: true });
			const sent = orders();
			const after = await post('/e2e/editor-variant', {});
			expect(after).toMatchObject({ status: 200, body: expect.any(Array) });
			expect(orders()).toBeGreaterThan(sent);
		} finally {
			await context.close();
		}
	});

	it('the shipped examples on the canvas: the legacy usage check renews the SIM nearly out of data, the current one adds the bundle to the SIMs at 90 %; pressed by their inject buttons, the node status shows the runs', async () => {
		// A simulator of this test's own: the examples' fleets replace its seed.
		const fleet = await startSimulator({
			port: 0,
			seed: 'demo',
			accounts: [ACCOUNT],
			current: { keys: [{ keyId: CURRENT.keyId, publicKey: fs.readFileSync(path.join(KEYS, 'team-rsa1024.public.pem'), 'utf8') }], notificationKey: { keyId: CURRENT.notificationKeyId, key: CURRENT.notificationKey }, asyncDelayMs: 30 },
		});
		const legacy = pointAt(example('usage-check-renew'), fleet.url);
		const current = pointAt(example('current-usage-add-bundle'), fleet.url);
		// As a user imports them, each on its tab; the config nodes with inline credentials.
		const onTab = (tab: string, label: string, nodes: ExampleNode[], credentials: Record<string, string>): h.FlowNode[] => [
			{ id: tab, type: 'tab', label },
			...nodes.map((n) => (n.type === 'linksfield-cube-config' ? { ...n, credentials } : { ...n, z: tab })),
		];
		const flows = [...onTab('tab-legacy', 'Legacy API', legacy, { ...ACCOUNT }), ...onTab('tab-current', 'Current API', current, { keyId: CURRENT.keyId, privateKey: CURRENT.privateKey })];
		const { context, page } = await openEditor('en-US', flows, false);
		try {
			// The flow and its output side by side: no palette, the debug sidebar open.
			await page.evaluate('RED.actions.invoke("core:toggle-palette", false); RED.sidebar.show("debug")');
			const debugSidebar = () => page.locator('.red-ui-debug-msg').allTextContents();
			/** Shows the tab zoomed to `zoom` (the whole flow, status texts too, beside the sidebar) and presses its inject. */
			const press = async (tab: string, inject: string, zoom: number) => {
				await page.evaluate(`RED.workspaces.show(${JSON.stringify(tab)})`);
				for (let i = 0; i < 10; i++) {
					const scale = (await page.evaluate('RED.view.scale()')) as number;
					if (Math.abs(scale - zoom) < 0.05) break;
					await page.evaluate(`RED.actions.invoke("core:zoom-${scale > zoom ? 'out' : 'in'}")`);
					await page.waitForTimeout(100);
				}
				await page.evaluate('$("#red-ui-workspace-chart").scrollTop(0).scrollLeft(0)');
				const button = page.locator(`#red-ui-workspace-chart g[id="${inject}"] .red-ui-flow-node-button`);
				await button.waitFor({ state: 'visible' });
				await button.click();
			};

			// Legacy: one SIM of five at 90 % or more; its order renewed once, the debug node's status its new expiry.
			const target = await oneSimNearlyOut(fleet, ACCOUNT);
			await press('tab-legacy', byName(legacy, 'every hour').id, 0.7);
			const expiry = await until(() => statusOf(page, byName(legacy, 'renewed').id), (t) => /\d{4}-\d{2}-\d{2}/.test(t ?? ''), 60_000);
			// Let any stray second renewal arrive before counting.
			await new Promise((r) => setTimeout(r, 500));
			expect(fleet.admin.counters().renewalsByOrder).toEqual({ [target.orderId]: 1 });
			expect(fleet.admin.order(target.orderId).renewCount).toBe(1);
			expect(expiry).toMatch(/^\d{4}-\d{2}-\d{2}/);
			expect(await statusOf(page, byName(legacy, 'SIMs in use').id)).toBeTruthy();
			const renewed = await debugSidebar();
			expect(renewed.join('\n')).toContain(`order_id: "${target.orderId}"`);
			expect(renewed.filter((m) => m.includes('node: error'))).toEqual([]);
			await canvasScreenshot(page, 'node-red-flow.png');

			// Current: two SIMs at 90 % or more; a bundle added to each, once, the result waited for ("succeeded").
			const { iccids } = await twoSimsNearlyOut(fleet, ACCOUNT);
			await page.evaluate('RED.actions.invoke("core:clear-debug-messages")');
			await until(debugSidebar, (shown) => shown.length === 0);
			await press('tab-current', byName(current, 'every hour').id, 0.8);
			// The debug sidebar: one result per SIM (or an error from the Catch node's debug).
			const shown = await until(debugSidebar, (msgs) => msgs.filter((m) => m.includes('node: bundle added')).length >= iccids.length || msgs.some((m) => m.includes('node: error')), 60_000);
			expect(shown.filter((m) => m.includes('node: error'))).toEqual([]);
			const added = shown.filter((m) => m.includes('node: bundle added'));
			expect(added).toHaveLength(iccids.length);
			for (const m of added) expect(m).toContain('status: "succeeded", operation: "current.bundle.add"');
			expect(await statusOf(page, byName(current, 'bundle added').id)).toBe('succeeded');
			// Let any stray second add arrive before counting.
			await new Promise((r) => setTimeout(r, 500));
			const counters = (await (await fetch(`${fleet.url}/_sim/current/counters`)).json()) as { bundlesAddedBySim: Record<string, number> };
			expect(counters.bundlesAddedBySim).toEqual(Object.fromEntries(iccids.map((iccid) => [iccid, 1])));
			expect((await debugSidebar()).filter((m) => m.includes('node: bundle added'))).toHaveLength(iccids.length);
			await canvasScreenshot(page, 'node-red-current-flow.png');
		} finally {
			await context.close();
			await fleet.close();
		}
	});
});
