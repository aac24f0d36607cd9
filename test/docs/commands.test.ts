import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every command the docs show names something that exists where they show it: `npm run <script>` a script of the
 * root or of the package the document belongs to (or of the `-w` workspace), `npx jest <path>` test files, `node
 * <file>` a file, and `npx <package>` one of our packages by its npm name — with one bin, a committed file (npm links
 * it at `npm ci`, before the build). A bin name after npx (`npx cube-simulator`) works only in a clone, so only the
 * private testkit's README may use one. The commands themselves run in test/e2e/packages and test/e2e/cli.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
const WORKSPACES: string[] = readJson('package.json').workspaces;
const manifests = new Map<string, { dir: string; pkg: Record<string, never> }>(WORKSPACES.map((dir) => [readJson(`${dir}/package.json`).name, { dir, pkg: readJson(`${dir}/package.json`) }]));
const binNames = new Set([...manifests.values()].flatMap(({ pkg }) => Object.keys(pkg.bin ?? {})));

function filesUnder(dir: string, suffix: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' || e.name === 'dist' ? [] : filesUnder(path.join(dir, e.name), suffix)) : e.name.endsWith(suffix) ? [path.join(dir, e.name)] : []));
}
const DOCS = [path.join(ROOT, 'README.md'), ...filesUnder(path.join(ROOT, 'docs'), '.md'), ...WORKSPACES.map((dir) => path.join(ROOT, dir, 'README.md')).filter(existsSync)].map((f) => path.relative(ROOT, f));

/** What jest's testMatch finds (jest.config.js): *.test.ts under test/ and packages/<name>/test/. */
const TEST_FILES = [path.join(ROOT, 'test'), ...WORKSPACES.map((dir) => path.join(ROOT, dir, 'test'))].flatMap((dir) => filesUnder(dir, '.test.ts'));

/** The text of a document's code: fenced blocks and `inline` spans, where commands are shown. */
function codeOf(file: string): string[] {
	const text = readFileSync(path.join(ROOT, file), 'utf8');
	const fences = [...text.matchAll(/^ {0,3}```[^\n]*\n([\s\S]*?)^ {0,3}```/gm)].map((m) => m[1]);
	const outside = text.replace(/^ {0,3}```[^\n]*\n[\s\S]*?^ {0,3}```/gm, '');
	return [...fences, ...[...outside.matchAll(/`([^`\n]+)`/g)].map((m) => m[1])];
}

/** The words after a command up to the end of the line or a shell operator / comment. */
const argsAfter = (code: string, index: number) => code.slice(index).split(/\n|&&|\|\||[;|#]/)[0].trim().split(/\s+/).filter(Boolean);

describe.each(DOCS)('%s', (file) => {
	const code = codeOf(file);
	const home = path.dirname(file);
	const ownScripts = existsSync(path.join(ROOT, home, 'package.json')) ? Object.keys(readJson(path.join(home, 'package.json')).scripts ?? {}) : [];

	test('npm run names an existing script', () => {
		const missing: string[] = [];
		for (const c of code)
			for (const m of c.matchAll(/\bnpm run ([\w:.-]+)/g)) {
				const args = argsAfter(c, m.index! + m[0].length);
				const w = args.indexOf('-w');
				const scripts = w >= 0 ? Object.keys(manifests.get(args[w + 1])?.pkg.scripts ?? {}) : [...Object.keys(readJson('package.json').scripts), ...ownScripts];
				if (!scripts.includes(m[1])) missing.push(m[0] + (w >= 0 ? ` -w ${args[w + 1]}` : ''));
			}
		expect(missing).toEqual([]);
	});

	test('npx jest and node name files that exist', () => {
		const missing: string[] = [];
		for (const c of code) {
			// jest reads each path as a pattern over the test files' paths.
			for (const m of c.matchAll(/\bnpx jest\b/g)) for (const p of argsAfter(c, m.index! + m[0].length).filter((a) => !a.startsWith('-') && /^[\w./-]+$/.test(a))) if (!TEST_FILES.some((t) => new RegExp(p).test(t))) missing.push(`npx jest ${p}`);
			for (const m of c.matchAll(/(?:^|\s)node ([\w./-]+\.(?:m?js|ts))\b/g)) if (!existsSync(path.join(ROOT, m[1])) && !existsSync(path.join(ROOT, home, m[1]))) missing.push(`node ${m[1]}`);
		}
		expect(missing).toEqual([]);
	});

	test('npx runs our packages by their npm name, each with one committed bin', () => {
		const wrong: string[] = [];
		for (const c of code)
			for (const m of c.matchAll(/\bnpx (?:--?[\w-]+ )*(@?[\w./-]+)/g)) {
				const name = m[1];
				const ours = manifests.get(name);
				if (ours) {
					const bins = Object.values(ours.pkg.bin ?? {}) as string[];
					const committed = bins.length === 1 && execFileSync('git', ['ls-files', '--', path.join(ours.dir, bins[0])], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
					if (!committed || ours.pkg.private) wrong.push(`npx ${name}: ${ours.pkg.private ? 'private' : `bins ${JSON.stringify(bins)}, need one committed file`}`);
				} else if (binNames.has(name) && file !== 'packages/testkit/README.md') wrong.push(`npx ${name}: a bin name, found only in a clone — use the package's npm name`);
			}
		// A bare bin name as a command (`cube-simulator --port 0`) is on no one's PATH.
		for (const c of code)
			for (const line of c.split('\n')) {
				const [first, next] = line.replace(/^\s*\$\s*/, '').trim().split(/\s+/);
				if (binNames.has(first) && next !== undefined && (next.startsWith('-') || next === 'check') && file !== 'packages/testkit/README.md') wrong.push(`${line.trim()}: run it as npx <package>`);
			}
		expect(wrong).toEqual([]);
	});
});
