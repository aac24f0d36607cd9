// The n8n editor in a real browser: a started n8n 2.40.7 with a packed community package and an owner, Debian's
// Chromium driven by playwright-core, and a page object that knows the editor's data-test-id attributes. Every
// selector of n8n's editor lives here, so an n8n upgrade that renames one is fixed in one place; the tests speak
// in parameter names, option labels and credential types.
//
// The data-test-ids were read from the running editor's DOM (n8n-editor-ui 2.40.7), not guessed. Where n8n gives
// an element none (the credential Test's error banner), the element is found by n8n's own text or Element Plus
// class inside an element that has one, and that is said where it is done.

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserServer, Locator, Page } from 'playwright-core';
import { ensureProgram } from './apt-package';
import { createUserDir, installCommunityPackage, login, removeUserDir, setupOwner, startN8n, type N8nServer, type Owner } from './n8n-runtime';
import { reapOnExit } from './reaper';
import { until } from './until';

/** A throw-away headless browser that calls nowhere but the loopback (the Node-RED editor test's flags). */
export const EDITOR_CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
];

/** Waits in the UI: generous, because a 2-core machine running other suites makes n8n's editor slow to draw. */
export const UI_TIMEOUT_MS = 60_000;
/** A credential Test or a node run: a round trip through n8n to the simulator, and the run's bookkeeping. */
export const RUN_TIMEOUT_MS = 120_000;
/** One try of a step that is tried again when the editor redraws under it. */
const ATTEMPT_TIMEOUT_MS = 20_000;
/** The node creator opens within this after a click that opens it at all. */
const OPEN_TIMEOUT_MS = 5_000;

export const EDITOR_OWNER: Required<Owner> = { email: 'owner@editor-test.example', password: 'Editor-Test-Pass-1', firstName: 'Editor', lastName: 'Test' };

export interface N8nEditorInstance {
	url: string;
	owner: Required<Owner>;
	server: N8nServer;
	userDir: string;
	/** A /rest call as the owner (JSON in and out); throws on a non-2xx answer. */
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** Creates a credential through the REST API (for tests whose concern is not the credential dialog); its id. */
	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string>;
	stop(): Promise<void>;
}

/**
 * `n8n start` on a fresh user folder with `tarball` installed as a community package and an owner set up through
 * POST /rest/owner/setup (so the sign-in page signs in, and the owner can still be changed in the UI). The n8n
 * starter and createUserDir register n8n and its folder with the reaper: an interrupted run leaves neither behind.
 */
export async function startN8nForEditor({ tarball, env }: { tarball: string; env?: Record<string, string> }): Promise<N8nEditorInstance> {
	const userDir = createUserDir({ prefix: 'lf-n8n-editor-' });
	try {
		await installCommunityPackage(userDir, tarball);
		const server = await startN8n(userDir, undefined, { env });
		const owner = EDITOR_OWNER;
		await setupOwner(server.url, owner);
		const cookie = await login(server.url, owner);
		const rest = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
			const res = await fetch(`${server.url}/rest${path}`, {
				method,
				headers: { cookie, 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.text();
			if (!res.ok) throw new Error(`n8n ${method} /rest${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
			return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
		};
		return {
			url: server.url,
			owner,
			server,
			userDir,
			rest,
			createCredential: async (name, type, data) => (await rest<{ id: string }>('POST', '/credentials', { name, type, data })).id,
			stop: async () => {
				await server.stop();
				removeUserDir(userDir);
			},
		};
	} catch (error) {
		removeUserDir(userDir);
		throw error;
	}
}

export interface EditorBrowser {
	browser: Browser;
	/** A fresh context (no cookies) and its page, with the editor's timeouts. */
	newPage(viewport?: { width: number; height: number }): Promise<Page>;
	close(): Promise<void>;
}

/**
 * Debian's Chromium (installed with apt-get when missing: CI is a fresh machine), headless. It runs as a browser
 * server so its process (a process group of its own) can be handed to the reaper; this process connects to it.
 */
export async function launchEditorBrowser(): Promise<EditorBrowser> {
	const executablePath = ensureProgram('chromium', 'chromium');
	// Loaded here, not at the top: every user of the testkit would otherwise load playwright.
	const { chromium } = await import('playwright-core');
	const server: BrowserServer = await chromium.launchServer({ executablePath, headless: true, args: EDITOR_CHROMIUM_FLAGS, timeout: UI_TIMEOUT_MS });
	const pid = server.process().pid;
	const forget = pid ? reapOnExit({ group: pid }) : () => undefined;
	try {
		const browser = await chromium.connect(server.wsEndpoint(), { timeout: UI_TIMEOUT_MS });
		return {
			browser,
			newPage: async (viewport = { width: 1280, height: 800 }) => {
				const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' });
				context.setDefaultTimeout(UI_TIMEOUT_MS);
				return context.newPage();
			},
			close: async () => {
				await browser.close().catch(() => undefined);
				await server.close();
				forget();
			},
		};
	} catch (error) {
		await server.close();
		forget();
		throw error;
	}
}

/** A credential dialog field's value: text typed in, an option picked by its label, or a switch turned on/off. */
export type CredentialFieldValue = string | { option: string } | boolean;

/** What the credential dialog shows after Save (n8n tests a testable credential on every save). */
export type CredentialTestResult = { ok: true } | { ok: false; message: string };

export interface OutputTable {
	headers: string[];
	rows: string[][];
	/** The rows as objects keyed by header. */
	records: Array<Record<string, string>>;
}

const tid = (id: string) => `[data-test-id="${id}"]`;

/** The n8n editor in one page. Methods wait for conditions (elements, texts), never for fixed times. */
export class N8nEditorPage {
	readonly errors: string[] = [];

	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {
		page.on('pageerror', (e) => this.errors.push(String(e)));
	}

	// ---------------------------------------------------------------------------------------------- sign in

	/** Signs in through the sign-in form; resolves once the editor has left /signin. */
	async signIn({ email, password }: Pick<Owner, 'email' | 'password'>): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`);
		await this.page.locator(`${tid('emailOrLdapLoginId')} input`).fill(email);
		await this.page.locator(`${tid('password')} input`).fill(password);
		await this.page.locator(tid('form-submit-button')).click();
		await this.page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: UI_TIMEOUT_MS });
	}

	// ----------------------------------------------------------------------------------------- credentials

	get credentialDialog(): Locator {
		return this.page.locator(tid('credential-edit-dialog'));
	}

	/** Credentials → Create credential → picks the type by its display name → Continue: the empty dialog. */
	async openNewCredential(typeDisplayName: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/home/credentials`);
		await this.page.locator(tid('add-resource-credential')).click();
		await this.page.locator(`${tid('new-credential-type-select')} input`).fill(typeDisplayName);
		await this.page
			.locator(tid('new-credential-type-select-option'))
			.filter({ has: this.page.getByText(typeDisplayName, { exact: true }) })
			.click();
		await this.page.locator(tid('new-credential-type-button')).click();
		await this.credentialDialog.waitFor();
	}

	/** Opens a saved credential from the Credentials list by its name. */
	async openCredential(name: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/home/credentials`);
		await this.page.locator(tid('resources-list-item')).filter({ hasText: name }).first().click();
		await this.credentialDialog.waitFor();
	}

	/** The credential fields the dialog shows now, by parameter name (display rules applied). */
	async credentialFields(): Promise<string[]> {
		return visibleParameterNames(this.credentialDialog);
	}

	/** What a credential field holds now, as its input reads (a multi-line field: with its line breaks). */
	async credentialFieldValue(name: string): Promise<string> {
		return this.credentialDialog.locator(`${tid(`parameter-input-${name}`)} :is(input, textarea)`).first().inputValue();
	}

	/** Fills fields in the given order (a field a display rule shows appears after the one it depends on). */
	async fillCredential(fields: Record<string, CredentialFieldValue>): Promise<void> {
		for (const [name, value] of Object.entries(fields)) await this.setParameter(this.credentialDialog, name, value);
	}

	/**
	 * Save, which runs the credential's Test; resolves with the banner n8n shows for it. n8n shows a failed Test's
	 * message (what the Test returned) under "More details"; a passed Test shows n8n's own text only.
	 */
	async saveCredential(): Promise<CredentialTestResult> {
		const dialog = this.credentialDialog;
		// Save sits in the modal's header, outside credential-edit-dialog (the modal's body); one modal is open.
		const save = this.page.locator(tid('credential-save-button'));
		// The editor posts the Test after the save; its answer is what the banner will show. Waiting for that answer
		// (not for a banner) keeps a previous save's banner, still shown while the new Test runs, from being read.
		const tested = this.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/rest/credentials/test', { timeout: RUN_TIMEOUT_MS });
		await save.click();
		const answer = ((await (await tested).json()) as { data?: { status?: string } }).data;
		// The button reads Saving, then Testing; after that the banner is this save's.
		await until('the credential Test to finish', async () => /^Saved?$/.test((await save.innerText()).trim()), RUN_TIMEOUT_MS, 100);
		const config = dialog.locator(tid('node-credentials-config-container'));
		const success = config.locator(tid('credentials-config-container-test-success'));
		// n8n's failed-Test banner has no data-test-id: it is the danger-themed Element Plus tag with n8n's text.
		const failure = config.locator('.el-tag--danger').filter({ hasText: 'Couldn’t connect with these settings' });
		const which = await until(
			'the credential Test banner',
			async () => ((await success.isVisible()) ? 'ok' : (await failure.isVisible()) ? 'failed' : undefined),
			RUN_TIMEOUT_MS,
			200,
		);
		if ((which === 'ok') !== (answer?.status === 'OK')) throw new Error(`the banner says ${which} but the Test answered ${JSON.stringify(answer)}`);
		if (which === 'ok') return { ok: true };
		const more = failure.getByText('More details', { exact: true });
		if (await more.isVisible()) await more.click();
		await until('the Test message under More details', async () => !(await more.isVisible()), UI_TIMEOUT_MS, 100);
		const message = (await failure.innerText()).replace('Couldn’t connect with these settings', '').replace(/\bRetry\b/, '').trim();
		return { ok: false, message };
	}

	// ------------------------------------------------------------------------------------------- workflows

	get ndv(): Locator {
		return this.page.locator(tid('ndv'));
	}

	/** A new workflow with a Manual Trigger (n8n runs a step only after a trigger). */
	async newWorkflowWithManualTrigger(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`, { waitUntil: 'networkidle' });
		const trigger = this.page.locator(`${tid('canvas-node')}[data-node-type="n8n-nodes-base.manualTrigger"]`);
		// By node type: the list re-renders while the search narrows it, and a text match can hit a leaving item.
		await this.fromNodeCreator('the Manual Trigger on the canvas', this.page.locator(tid('canvas-plus-button')), 'Trigger manually', async () => (await trigger.count()) > 0, async (item) => {
			await item('n8n-nodes-base.manualTrigger').click({ timeout: ATTEMPT_TIMEOUT_MS });
			await trigger.waitFor({ timeout: ATTEMPT_TIMEOUT_MS });
		});
	}

	/**
	 * Adds a node after the trigger through the node creator: searches `search`, opens the app whose node type is
	 * `nodeType` (`<package>.<node>`), picks the action by its catalog `action` text — in the action group `group`
	 * (its label without " Actions", e.g. "SIM (Current API)") when given, as an action text may be in two groups.
	 * n8n opens the node's NDV and names the node after the action. Resolves with the node's name; throws when the
	 * node added is not the action's (named otherwise).
	 */
	async addActionNode({ search, nodeType, action, group, after }: { search: string; nodeType: string; action: string; group?: string; after?: string }): Promise<string> {
		await this.fromNodeCreator(`the NDV of ${action}`, this.plusAfter(after), search, () => this.ndv.isVisible(), async (item) => {
			// The keyboard-nav id is the node type and a per-render suffix: the app's entry, not a look-alike.
			await item(nodeType).click({ timeout: ATTEMPT_TIMEOUT_MS });
			const listing = await this.actionListing();
			let inGroup = group === undefined;
			const index = listing.findIndex((entry) => {
				if (entry.kind === 'label') inGroup = group === undefined || entry.text === `${group} Actions`;
				return entry.kind === 'action' && inGroup && entry.text === action;
			});
			if (index < 0) throw new Error(`no action "${action}"${group ? ` in the group "${group} Actions"` : ''} in the node creator`);
			await this.page.locator(tid('item-iterator-item')).nth(index).click({ timeout: ATTEMPT_TIMEOUT_MS });
			await this.ndv.waitFor({ timeout: ATTEMPT_TIMEOUT_MS });
		});
		// The node just added is the canvas's selected one.
		const name = (await this.page.locator(`${tid('canvas-node')}.selected`).first().getAttribute('data-node-name')) ?? '';
		if (name !== action) throw new Error(`the node creator added "${name}" for the action "${action}"`);
		return name;
	}

	/**
	 * The action list the node creator shows for the app of node type `nodeType` (found by `search`), by group: each
	 * group's label (as n8n shows it: "<resource option name> Actions") and its actions' titles, in order. The node
	 * creator is closed again.
	 */
	async nodeCreatorActionGroups({ search, nodeType, after }: { search: string; nodeType: string; after?: string }): Promise<Array<{ group: string; actions: string[] }>> {
		let listing: Array<{ kind: 'label' | 'action' | 'other'; text: string }> = [];
		await this.fromNodeCreator(`the actions of ${nodeType}`, this.plusAfter(after), search, async () => false, async (item) => {
			await item(nodeType).click({ timeout: ATTEMPT_TIMEOUT_MS });
			listing = await this.actionListing();
		});
		await this.page.keyboard.press('Escape');
		await this.page.locator(tid('node-creator-search-bar')).waitFor({ state: 'hidden', timeout: ATTEMPT_TIMEOUT_MS });
		const groups: Array<{ group: string; actions: string[] }> = [];
		for (const entry of listing) {
			if (entry.kind === 'label') groups.push({ group: entry.text, actions: [] });
			else if (entry.kind === 'other') continue;
			else if (groups.length) groups[groups.length - 1].actions.push(entry.text);
			else groups.push({ group: '', actions: [entry.text] });
		}
		return groups;
	}

	/** The + on the output of node `after` (by its name), or the only one there is. */
	private plusAfter(after?: string): Locator {
		return after ? this.page.locator(`${tid('canvas-node-output-handle')}[data-node-name="${after}"] ${tid('canvas-handle-plus')}`) : this.page.locator(tid('canvas-handle-plus')).first();
	}

	/**
	 * The node creator's open list, every item in order (an index is the item's): group labels (items without a
	 * keyboard-nav type), actions (by their title) and other items, once every item is drawn (n8n draws a long list a
	 * few items at a time).
	 */
	private async actionListing(): Promise<Array<{ kind: 'label' | 'action' | 'other'; text: string }>> {
		const items = this.page.locator(tid('item-iterator-item'));
		await this.page.locator(`${tid('item-iterator-item')}[data-keyboard-nav-type="action"]`).first().waitFor({ timeout: ATTEMPT_TIMEOUT_MS });
		let count = -1;
		for (let stable = 0; stable < 3; ) {
			await this.page.waitForTimeout(150);
			const now = await items.count();
			stable = now === count ? stable + 1 : 0;
			count = now;
		}
		return items.evaluateAll((elements) =>
			elements.map((el) => {
				const type = el.getAttribute('data-keyboard-nav-type');
				const title = el.querySelector('[data-test-id="node-creator-item-name"]')?.textContent ?? el.textContent ?? '';
				return { kind: type === 'action' ? ('action' as const) : type === null ? ('label' as const) : ('other' as const), text: title.trim() };
			}),
		);
	}

	/**
	 * Opens the node creator with `opener`, searches, and runs `choose` until `done`; again from the start when an
	 * attempt fails. The editor may redraw the canvas while it settles (a slow machine), which closes an open node
	 * creator; `done` keeps an attempt that got there after all from adding a second node.
	 */
	private async fromNodeCreator(
		what: string,
		opener: Locator,
		search: string,
		done: () => Promise<boolean>,
		choose: (item: (nodeType: string) => Locator) => Promise<void>,
	): Promise<void> {
		const searchBar = this.page.locator(tid('node-creator-search-bar'));
		const item = (nodeType: string) => this.page.locator(`${tid('item-iterator-item')}[data-keyboard-nav-id^="${nodeType}-"]`).first();
		let lastError: unknown;
		const deadline = Date.now() + UI_TIMEOUT_MS * 2;
		while (Date.now() < deadline) {
			try {
				if (await done()) return;
				// The creator's container can outlive its content for a while after a node is added: its search bar says it is open.
				if (!(await searchBar.isVisible())) {
					await opener.click({ timeout: ATTEMPT_TIMEOUT_MS });
					// A click on a canvas still settling after the last node was added may not open the creator: click again.
					if (!(await searchBar.waitFor({ timeout: OPEN_TIMEOUT_MS }).then(() => true, () => false))) continue;
				}
				await searchBar.fill(search, { timeout: ATTEMPT_TIMEOUT_MS });
				await choose(item);
				return;
			} catch (error) {
				lastError = error;
				// Said, so a slow run shows where its time went.
				process.stderr.write(`[n8n-editor] the node creator again, for ${what}: ${(error as Error).message.split('\n')[0]}\n`);
			}
		}
		throw new Error(`the node creator never gave ${what}: ${(lastError as Error)?.message}`);
	}

	async closeNdv(): Promise<void> {
		await this.ndv.locator(tid('ndv-close-button')).click();
		await this.ndv.waitFor({ state: 'hidden' });
	}

	/** Picks a credential in the NDV by its id (the select's items carry it). */
	async selectNodeCredential(id: string): Promise<void> {
		await this.ndv.locator(tid('node-credentials-select')).click();
		await this.page.locator(tid(`node-credentials-select-item-${id}`)).click();
	}

	/** The parameters the NDV shows now, by name (display rules applied). */
	async nodeParameters(): Promise<string[]> {
		return visibleParameterNames(this.ndv.locator(tid('node-parameters')));
	}

	/** Waits until the NDV's parameters satisfy `check`; resolves with them (or throws naming the last seen). */
	async nodeParametersUntil(what: string, check: (names: string[]) => boolean): Promise<string[]> {
		let last: string[] = [];
		try {
			return await until(what, async () => ((last = await this.nodeParameters()), check(last) ? last : undefined), UI_TIMEOUT_MS, 150);
		} catch {
			throw new Error(`the NDV never showed ${what}; last seen: ${JSON.stringify(last)}`);
		}
	}

	async setNodeParameter(name: string, value: CredentialFieldValue): Promise<void> {
		await this.setParameter(this.ndv, name, value);
	}

	/**
	 * The name of the canvas's selected node (the one whose NDV is open). With `expected`, waits a while for that name
	 * first (n8n renames a node a moment after its Resource or Operation changed), and resolves with the name it has.
	 */
	async selectedNodeName(expected?: string): Promise<string> {
		const node = this.page.locator(`${tid('canvas-node')}.selected`).first();
		const deadline = Date.now() + (expected === undefined ? 0 : 10_000);
		for (;;) {
			const name = (await node.getAttribute('data-node-name')) ?? '';
			if (name === expected || Date.now() >= deadline) return name;
			await this.page.waitForTimeout(200);
		}
	}

	/** What an options or text parameter shows (an options parameter: its picked option's label). */
	async nodeParameterValue(name: string): Promise<string> {
		return this.ndv.locator(`${tid(`parameter-input-${name}`)} input`).first().inputValue();
	}

	/**
	 * The labels an options parameter offers now (the first line of each item: n8n draws an option's description
	 * under its name). The list is closed again by picking the option already chosen, so nothing changes.
	 */
	async nodeParameterOptions(name: string): Promise<string[]> {
		const input = this.ndv.locator(tid(`parameter-input-${name}`));
		const chosen = await input.locator('input').first().inputValue();
		await input.click();
		const items = this.page.locator(`${tid('parameter-input-item')}:visible`);
		await items.first().waitFor();
		const labels = (await items.allInnerTexts()).map((t) => t.trim().split('\n')[0].trim());
		await items.filter({ has: this.page.getByText(chosen, { exact: true }) }).first().click();
		await items.first().waitFor({ state: 'hidden' });
		return labels;
	}

	/** A switch parameter's state. */
	async isSwitchOn(name: string): Promise<boolean> {
		return (await this.ndv.locator(`${tid(`parameter-input-${name}`)} [role="switch"]`).getAttribute('aria-checked')) === 'true';
	}

	/**
	 * Opens a resource locator's list (its "From List" mode) and resolves with the items once they are loaded, or
	 * throws with the error n8n shows instead of a list.
	 */
	async openResourceList(name: string): Promise<{ items: string[]; pick(text: string): Promise<void> }> {
		const locator = this.ndv.locator(tid(`resource-locator-${name}`));
		await locator.locator(tid('rlc-input')).click();
		const items = this.page.locator(`${tid('rlc-item')}:visible`);
		const error = locator.locator(tid('rlc-error-message'));
		await until(
			`the ${name} list to load`,
			async () => {
				if (await error.isVisible()) throw new Error(`the ${name} picker shows an error: ${await error.innerText()}`);
				return (await items.count()) > 0;
			},
			RUN_TIMEOUT_MS,
			200,
		).catch(async (e) => {
			if (await error.isVisible()) throw new Error(`the ${name} picker shows an error: ${await error.innerText()}`);
			throw e;
		});
		return {
			items: (await items.allInnerTexts()).map((t) => t.trim()),
			pick: async (text: string) => {
				await items.filter({ hasText: text }).first().click();
				await items.first().waitFor({ state: 'hidden' });
			},
		};
	}

	/** The value a resource locator shows. */
	async resourceLocatorValue(name: string): Promise<string> {
		return this.ndv.locator(`${tid(`resource-locator-${name}`)} ${tid('rlc-input')}`).inputValue();
	}

	/** Execute step; resolves once the output panel says the run succeeded (throws with the NDV's error otherwise). */
	async executeStep(): Promise<void> {
		await this.ndv.locator(tid('node-execute-button')).click();
		const output = this.ndv.locator(tid('output-panel'));
		const ok = output.locator(tid('node-run-status-success'));
		const failed = output.locator(tid('node-run-status-error'));
		await until(
			'the step to run',
			async () => {
				if (await failed.isVisible()) throw new Error(`the step failed: ${(await output.innerText()).slice(0, 1500)}`);
				return ok.isVisible();
			},
			RUN_TIMEOUT_MS,
			200,
		);
	}

	/** The output panel's table (its Table display mode). */
	async outputTable(): Promise<OutputTable> {
		const output = this.ndv.locator(tid('output-panel'));
		const tableMode = output.locator(tid('radio-button-table'));
		if ((await tableMode.getAttribute('data-state')) !== 'checked') await tableMode.click();
		const table = output.locator(`${tid('ndv-data-container')} table`).first();
		await table.waitFor();
		const headers = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
		const rows: string[][] = [];
		for (const row of await table.locator('tbody tr').all()) rows.push((await row.locator('td').allInnerTexts()).map((t) => t.trim()));
		const records = rows.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ''])));
		return { headers, rows, records };
	}

	/** Types `text` into the output panel's search; resolves with the table once it shows only matching rows. */
	async searchOutput(text: string): Promise<OutputTable> {
		const output = this.ndv.locator(tid('output-panel'));
		const search = output.locator(tid('ndv-search'));
		// The search is an icon until it is clicked.
		if (!(await search.isVisible())) await output.locator(tid('ndv-search-container')).click();
		await search.fill(text);
		let last: OutputTable | undefined;
		return until(
			`the output to show only rows with ${text}`,
			async () => ((last = await this.outputTable()), last.rows.length > 0 && last.rows.every((cells) => cells.some((c) => c.includes(text))) ? last : undefined),
			UI_TIMEOUT_MS,
			200,
		).catch((e) => {
			throw new Error(`${(e as Error).message}; last table: ${JSON.stringify(last?.rows.slice(0, 5))}`);
		});
	}

	/** The output panel's item count ("46 items"). */
	async outputItemCount(): Promise<number> {
		const text = await this.ndv.locator(`${tid('output-panel')} ${tid('ndv-items-count')}`).innerText();
		return Number(/(\d+)\s+items?/.exec(text)?.[1] ?? NaN);
	}

	/** Closes n8n's toasts (they would cover a screenshot); they are Element Plus notifications, without test ids. */
	async dismissToasts(): Promise<void> {
		const close = this.page.locator('.el-notification .el-notification__closeBtn:visible');
		await until('the toasts to close', async () => {
			for (const button of await close.all()) await button.click({ timeout: 2000 }).catch(() => undefined);
			return (await this.page.locator('.el-notification:visible').count()) === 0;
		}, UI_TIMEOUT_MS, 200);
	}

	async screenshot(file: string): Promise<void> {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await this.page.screenshot({ path: file });
	}

	// ------------------------------------------------------------------------------------------ parameters

	/** One parameter input in `scope` (the credential dialog or the NDV): text, option or switch. */
	private async setParameter(scope: Locator, name: string, value: CredentialFieldValue): Promise<void> {
		const input = scope.locator(tid(`parameter-input-${name}`));
		await input.waitFor();
		if (typeof value === 'string') {
			await input.locator('input, textarea').first().fill(value);
		} else if (typeof value === 'boolean') {
			const toggle = input.locator('[role="switch"]');
			if (((await toggle.getAttribute('aria-checked')) === 'true') !== value) await input.locator('.el-switch').click();
			await until(`${name} to turn ${value ? 'on' : 'off'}`, async () => ((await toggle.getAttribute('aria-checked')) === 'true') === value, UI_TIMEOUT_MS, 100);
		} else {
			await input.click();
			// An options parameter's items are drawn in a popper outside `scope`; only the open one is visible.
			const item = this.page.locator(`${tid('parameter-input-item')}:visible`).filter({ has: this.page.getByText(value.option, { exact: true }) });
			await item.first().click();
			await until(`${name} to show ${value.option}`, async () => (await input.locator('input').first().inputValue()) === value.option, UI_TIMEOUT_MS, 100);
		}
	}
}

/** The names of the parameter inputs visible in `scope` (n8n's `parameter-input-<name>` ids). */
async function visibleParameterNames(scope: Locator): Promise<string[]> {
	return scope.evaluate((root) =>
		[...root.querySelectorAll('[data-test-id^="parameter-input-"]')]
			.filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null)
			.map((e) => e.getAttribute('data-test-id')!.slice('parameter-input-'.length))
			// parameter-input-field is the text box inside a parameter, parameter-input-item an open dropdown's option
			.filter((name) => name !== 'field' && name !== 'item'),
	);
}
