import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Every link in the user-facing docs resolves: relative paths to files of this repository, `#anchors` to headings
 * (GitHub's slugs), and links to this repository on GitHub (`…/blob/main/<path>`, `…/tree/main/<path>`,
 * `raw.githubusercontent.com/…/main/<path>`) to the local file they will show once pushed — the README links only
 * to absolute URLs because npm shows it too (test/release.test.ts). Other external URLs are not fetched.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const REPO = 'linksfield-cube/linksfield-cube-nodes';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const REPO_FILE = new RegExp(`^https://github\\.com/${esc(REPO)}/(?:blob|tree)/main/([^#?]+)(?:#(.*))?$`);
const REPO_RAW = new RegExp(`^https://raw\\.githubusercontent\\.com/${esc(REPO)}/main/([^#?]+)$`);
const REPO_HOME = new RegExp(`^https://github\\.com/${esc(REPO)}/?(?:#(.*))?$`);

/** The documents checked: the README, the changelog and every page under docs/. */
export function documents(root: string): string[] {
	const docs = (dir: string): string[] =>
		existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? docs(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : [])) : [];
	return [path.join(root, 'README.md'), path.join(root, 'CHANGELOG.md'), ...docs(path.join(root, 'docs'))].filter((f) => existsSync(f));
}

/** Markdown without fenced code blocks (links and headings inside them are text). */
const withoutFences = (text: string) => text.replace(/^( {0,3})(```|~~~)[^\n]*\n[\s\S]*?^ {0,3}\2[^\n]*$/gm, '');

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, spaces to hyphens (github-slugger). */
export function slug(heading: string): string {
	const text = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text
		.replace(/<[^>]+>/g, ''); // inline HTML
	return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors a document offers: its headings' slugs (repeats get -1, -2, …) and explicit `<a id|name="…">`. */
export function anchors(text: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	for (const m of withoutFences(text).matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm)) {
		const base = slug(m[1]);
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		out.add(n === 0 ? base : `${base}-${n}`);
	}
	for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]);
	return out;
}

/** Every link target of a document: inline links and images, and reference definitions; not inside code. */
export function links(text: string): string[] {
	const prose = withoutFences(text).replace(/(`+)[\s\S]*?\1/g, '');
	const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
	const defined = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
	return [...inline, ...defined];
}

export interface LinkReport {
	/** Links resolved against the repository (relative paths, anchors, links to this repository on GitHub). */
	checked: number;
	/** External links, not fetched. */
	external: number;
	broken: string[];
}

/** Resolves every link of the documents under `root`; `broken` names each that does not resolve, and why. */
export function checkLinks(root: string): LinkReport {
	const report: LinkReport = { checked: 0, external: 0, broken: [] };
	const anchorCache = new Map<string, Set<string>>();
	const anchorsOf = (file: string) => {
		if (!anchorCache.has(file)) anchorCache.set(file, anchors(readFileSync(file, 'utf8')));
		return anchorCache.get(file)!;
	};
	for (const doc of documents(root)) {
		const name = path.relative(root, doc);
		for (const target of links(readFileSync(doc, 'utf8'))) {
			let file: string;
			let anchor: string | undefined;
			const repoFile = REPO_FILE.exec(target) ?? REPO_RAW.exec(target);
			const repoHome = REPO_HOME.exec(target);
			if (target.startsWith('#')) {
				[file, anchor] = [doc, target.slice(1)];
			} else if (repoFile) {
				[file, anchor] = [path.join(root, decodeURIComponent(repoFile[1])), repoFile[2]];
			} else if (repoHome) {
				[file, anchor] = [path.join(root, 'README.md'), repoHome[1]];
			} else if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
				report.external++;
				continue;
			} else {
				const [rel, hash] = target.split('#');
				[file, anchor] = [path.resolve(path.dirname(doc), decodeURIComponent(rel)), hash];
			}
			report.checked++;
			if (!path.resolve(file).startsWith(root + path.sep) && path.resolve(file) !== root) {
				report.broken.push(`${name}: ${target} — outside the repository`);
			} else if (!existsSync(file)) {
				report.broken.push(`${name}: ${target} — no file ${path.relative(root, file)}`);
			} else if (anchor !== undefined && anchor !== '' && file.endsWith('.md') && !anchorsOf(file).has(decodeURIComponent(anchor))) {
				report.broken.push(`${name}: ${target} — no heading #${anchor} in ${path.relative(root, file)}`);
			}
		}
	}
	return report;
}

const report = checkLinks(ROOT);

test(`every relative link and #anchor in README.md, CHANGELOG.md and docs/ resolves (${report.checked} checked, ${report.external} external not fetched)`, () => {
	expect(documents(ROOT).map((f) => path.relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', path.join('docs', 'performance.md')]));
	expect(report.broken).toEqual([]);
	expect(report.checked).toBeGreaterThan(20);
});

test('GitHub anchors: punctuation dropped, spaces to hyphens, repeats numbered', () => {
	expect(slug("What the vendor's docs leave open")).toBe('what-the-vendors-docs-leave-open');
	expect(slug('Flags (`cube-simulator --help`)')).toBe('flags-cube-simulator---help');
	expect(slug('When something fails, and more')).toBe('when-something-fails-and-more');
	expect(slug('The core (`packages/core`)')).toBe('the-core-packagescore');
	expect([...anchors('# A\n## A\n```\n# Not a heading\n```\n## A\n')]).toEqual(['a', 'a-1', 'a-2']);
});

test('a broken file, anchor or link to this repository is reported', () => {
	const root = mkdtempSync(path.join(tmpdir(), 'links-'));
	try {
		mkdirSync(path.join(root, 'docs'));
		writeFileSync(path.join(root, 'docs', 'a.md'), '# Page A\n\n## Some Section\n');
		writeFileSync(path.join(root, 'CHANGELOG.md'), '# Changelog\n');
		writeFileSync(
			path.join(root, 'README.md'),
			[
				'# Title',
				'[ok](docs/a.md#some-section) [ok](#title) [ok](https://github.com/linksfield-cube/linksfield-cube-nodes/blob/main/docs/a.md#page-a)',
				'[missing file](docs/b.md) [missing anchor](docs/a.md#no-such-section) [missing here](#nothing)',
				`[repo file](https://github.com/${REPO}/blob/main/docs/c.md) ![raw](https://raw.githubusercontent.com/${REPO}/main/x.png)`,
				'`[in code](docs/none.md)` [external](https://example.com/none)',
			].join('\n'),
		);
		const r = checkLinks(root);
		expect(r.checked).toBe(8);
		expect(r.external).toBe(1);
		expect(r.broken).toEqual([
			'README.md: docs/b.md — no file docs/b.md',
			'README.md: docs/a.md#no-such-section — no heading #no-such-section in docs/a.md',
			'README.md: #nothing — no heading #nothing in README.md',
			`README.md: https://github.com/${REPO}/blob/main/docs/c.md — no file docs/c.md`,
			`README.md: https://raw.githubusercontent.com/${REPO}/main/x.png — no file x.png`,
		]);
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
});
