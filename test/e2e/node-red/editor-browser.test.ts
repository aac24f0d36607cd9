import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { ensureFile, ensureProgram, nodeRed as h, packPackage, TEST_ACCOUNT, until as waitUntil, type NodeRedRuntime } from '@linksfield-cube/testkit';

/**
 * The editor in a real browser: Debian's Chromium (apt-installed when missing), headless, driven by
 * playwright-core, against a real Node-RED 4.1 with the packed package. A user drags the action node from the
 * palette, picks an operation, sees its fields — in English, and with the editor language set to zh-CN in
 * Chinese, as the catalog has them — presses the config node's Test button (OK, then a wrong secret) and deploys;
 * the deployed flow holds what was picked.
 * LINKSFIELD_SCREENSHOTS=<dir> keeps the two editors' screenshots there (npm run screenshots: docs/screenshots).
 */

jest.setTimeout(10 * 60_000);

const ROOT = path.resolve(__dirname, '../../..');
const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: 'e2e-editor-secret' };
const CONFIG_ID = 'cfg-editor';
/** Node-RED's own flags for a throw-away headless browser that calls nowhere but the loopback. */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

let nr: NodeRedRuntime;
let sim: RunningSimulator;
let work: string;
let chromiumPath: string;
const shots = process.env.LINKSFIELD_SCREENSHOTS ? path.resolve(process.env.LINKSFIELD_SCREENSHOTS) : undefined;

beforeAll(async () => {
	chromiumPath = ensureProgram('chromium', 'chromium');
	// Without a CJK font the zh-CN editor draws boxes (its text is still checked from the page).
	ensureFile('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'fonts-wqy-microhei');
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-nr-editor-'));
	const tarball = packPackage(path.join(ROOT, 'packages', 'node-red'), work);
	sim = await startSimulator({ port: 0, seed: 'demo', accounts: [ACCOUNT] });
	nr = await h.startNodeRed({ major: 4, packages: [tarball] });
});

afterAll(async () => {
	await nr?.stop();
	await sim?.close();
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
async function openEditor(lang: string, more: h.FlowNode[] = []): Promise<{ context: BrowserContext; page: Page }> {
	await h.deployFlows(nr.url, [
		...more,
		{ id: 'tab-editor', type: 'tab', label: 'Flow 1' },
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
	await palette.scrollIntoViewIfNeeded();
	const from = (await palette.boundingBox())!;
	const to = (await page.locator('#red-ui-workspace-chart').boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	for (const step of [0.25, 0.5, 0.75, 1]) await page.mouse.move(from.x + (to.x + 300 - from.x) * step, from.y + (to.y + 150 - from.y) * step, { steps: 5 });
	await page.mouse.up();
	const node = page.locator('#red-ui-workspace-chart g.red-ui-flow-node-group').filter({ has: page.locator('.red-ui-flow-node') });
	await until(() => node.count(), (n) => n === 1);
	await node.locator('.red-ui-flow-node').dblclick();
	await page.waitForSelector('#node-input-operation', { state: 'visible' });
	// Node-RED leaves a new node's config field on "none": the user picks the account.
	await page.selectOption('#node-input-cube', CONFIG_ID);
}

/** The labels of the parameter rows the editor drew for the chosen operation. */
const paramLabels = (page: Page) => page.locator('#linksfield-cube-params .form-row > label').allTextContents();

/** Done, then Deploy; resolves with the deployed action node as the runtime has it. */
async function deploy(page: Page): Promise<Record<string, any>> {
	await page.click('#node-dialog-ok');
	await page.click('#red-ui-header-button-deploy');
	await page.waitForSelector('.red-ui-notification', { timeout: 30_000 });
	const flows = (await (await fetch(`${nr.url}/flows`, { headers: { 'Node-RED-API-Version': 'v2' } })).json()) as { flows: Record<string, any>[] };
	const node = flows.flows.find((n) => n.type === 'linksfield-cube');
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

async function screenshot(page: Page, name: string): Promise<void> {
	const file = path.join(shots ?? work, name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file });
	expect(fs.statSync(file).size).toBeLessThan(300 * 1024);
}

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
		const node = await deploy(page);
		expect(node).toMatchObject({ cube: CONFIG_ID, operation: 'plan.renew' });
	} finally {
		await context.close();
	}
});

it('the operation list follows the config node\'s API: picking a current-API account lists the current operations, and back', async () => {
	const { keyId, privateKeyPath } = sim.admin.current.info().demoKey!;
	const current = { id: 'cfg-current', type: 'linksfield-cube-config', name: 'current API', api: 'current', environment: 'custom', baseUrl: `${sim.url}/cube/v4`, language: 'en-US', credentials: { keyId, privateKey: fs.readFileSync(privateKeyPath, 'utf8') } };
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
