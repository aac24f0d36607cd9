import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What a release needs before its one real run: the workflow (tag → version check → npm ci → npm test → publish the
 * four packages with provenance, in dependency order), the metadata a provenance publish and the npm page need, and
 * what each tarball carries. A real `npm publish --provenance` needs GitHub's OIDC token, so it can only run there;
 * the version check is run here, on copies of the package.json files.
 */

const ROOT = path.resolve(__dirname, '..');
const REPO = 'https://github.com/linksfield-cube/linksfield-cube-nodes';
const workflow = fs.readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

/** The published packages: folder → name. */
const PUBLIC = { '.': 'n8n-nodes-linksfield-cube', 'packages/core': '@linksfield-cube/core', 'packages/simulator': '@linksfield-cube/simulator', 'packages/node-red': '@linksfield-cube/node-red' } as const;
const manifest = (dir: string) => readJson(path.join(dir, 'package.json'));

interface Step {
	name?: string;
	workingDirectory?: string;
	run?: string;
	env?: string;
}
/** The job's steps, read from the workflow's text: each `- ` item of `steps:` with its name, folder, script and env. */
const steps: Step[] = workflow
	.slice(workflow.indexOf('    steps:\n'))
	.split(/^ {6}- /m)
	.slice(1)
	.map((text) => ({
		name: /^(?:\s*)name: (.+)$/m.exec(text)?.[1],
		workingDirectory: /^\s*working-directory: (.+)$/m.exec(text)?.[1],
		run: /^\s*run: \|\n((?: {10}.*\n?)+)/m.exec(text)?.[1].replace(/^ {10}/gm, '') ?? /^\s*run: (.+)$/m.exec(text)?.[1],
		env: /^\s*env:\n((?: {10}.*\n?)+)/m.exec(text)?.[1].trim(),
	}));
const publishes = steps.filter((s) => s.run?.includes('npm publish'));
const stepIndex = (run: string) => steps.findIndex((s) => s.run === run);

test('the release workflow runs on a version tag with the OIDC permission provenance needs', () => {
	expect(workflow).toMatch(/^on:\n\s+push:\n\s+tags: \['v\*\.\*\.\*'\]$/m);
	expect(workflow).toMatch(/^permissions:\n(?:\s+#.*\n|\s+contents: read\n)*\s+id-token: write$/m);
});

test('it checks the versions, installs exactly the lock, runs the whole test suite, then publishes each public package once with provenance', () => {
	const versionCheck = steps.findIndex((s) => s.run?.includes('GITHUB_REF_NAME'));
	expect(versionCheck).toBeGreaterThanOrEqual(0);
	expect(versionCheck).toBeLessThan(stepIndex('npm ci --no-audit --no-fund'));
	expect(stepIndex('npm ci --no-audit --no-fund')).toBeLessThan(stepIndex('npm test'));
	expect(publishes.map((s) => s.workingDirectory).sort()).toEqual(Object.keys(PUBLIC).sort());
	for (const step of publishes) {
		expect(steps.indexOf(step)).toBeGreaterThan(stepIndex('npm test'));
		expect(step.name).toBe(`Publish ${PUBLIC[step.workingDirectory as keyof typeof PUBLIC]}`);
		expect(step.run).toMatch(/^npm publish --provenance --access public$/m);
		expect(step.env).toBe('NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}');
	}
});

test('a package is published only after the packages of ours it depends on', () => {
	const order = publishes.map((s) => PUBLIC[s.workingDirectory as keyof typeof PUBLIC] as string);
	for (const [dir, name] of Object.entries(PUBLIC)) {
		const ours = Object.keys(manifest(dir).dependencies ?? {}).filter((d) => Object.values(PUBLIC).includes(d as never));
		for (const dependency of ours) expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(name));
	}
	// The simulator is the one that has such a dependency: without it this test would check nothing.
	expect(manifest('packages/simulator').dependencies).toHaveProperty('@linksfield-cube/core');
});

describe('the version check, run on copies of the package.json files', () => {
	const script = steps.find((s) => s.run?.includes('GITHUB_REF_NAME') && !s.run.includes('npm publish'))!.run!;
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linksfield-release-'));
		for (const pkg of Object.keys(PUBLIC)) {
			fs.mkdirSync(path.join(dir, pkg), { recursive: true });
			fs.copyFileSync(path.join(ROOT, pkg, 'package.json'), path.join(dir, pkg, 'package.json'));
		}
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
	const check = (tag: string) => spawnSync('bash', ['-e', '-c', script], { cwd: dir, env: { PATH: process.env.PATH, GITHUB_REF_NAME: tag }, encoding: 'utf8' });
	const edit = (file: string, change: (pkg: Record<string, Record<string, string>>) => void) => {
		const pkg = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		change(pkg);
		fs.writeFileSync(path.join(dir, file), JSON.stringify(pkg));
	};
	const version = readJson('package.json').version;

	test('accepts the tag of the version all four carry', () => {
		expect(check(`v${version}`)).toMatchObject({ status: 0, stdout: '' });
	});

	test.each(Object.keys(PUBLIC))('refuses the tag when %s carries another version', (pkg) => {
		edit(path.join(pkg, 'package.json'), (p) => void ((p as unknown as { version: string }).version = '9.9.9'));
		const r = check(`v${version}`);
		expect(r.status).toBe(1);
		expect(r.stdout).toContain(`::error::${pkg}/package.json is version 9.9.9, the tag is v${version}`);
	});

	test('refuses the tag when the simulator depends on another core', () => {
		edit('packages/simulator/package.json', (p) => void (p.dependencies['@linksfield-cube/core'] = '*'));
		const r = check(`v${version}`);
		expect(r.status).toBe(1);
		expect(r.stdout).toContain(`::error::the simulator depends on @linksfield-cube/core *, not ${version}`);
	});
});

test.each(['packages/core', 'packages/simulator', 'packages/testkit'])('%s: every bin is a committed file outside dist/, so `npm ci` in a clone links it before the build', (dir) => {
	const bins = Object.values(manifest(dir).bin ?? {}) as string[];
	expect(bins.length).toBeGreaterThan(0);
	for (const bin of bins) {
		expect(bin).not.toMatch(/^(\.\/)?dist\//);
		expect(execFileSync('git', ['ls-files', '--', path.join(dir, bin)], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(path.join(dir, bin));
	}
});

test.each([
	['package.json', undefined],
	['packages/core/package.json', 'packages/core'],
	['packages/simulator/package.json', 'packages/simulator'],
	['packages/node-red/package.json', 'packages/node-red'],
])('%s names its repository (provenance needs repository.url), homepage and bugs', (file, directory) => {
	const pkg = readJson(file);
	expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPO}.git`, ...(directory ? { directory } : {}) });
	expect(pkg.homepage).toMatch(new RegExp(`^${REPO}(/tree/main/${directory ?? ''})?#readme$`));
	expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
	expect(pkg.version).toBe(readJson('package.json').version);
	expect(pkg.private).toBeUndefined();
});

test.each(['README.md', 'packages/core/README.md', 'packages/simulator/README.md', 'packages/node-red/README.md'])('%s links only to absolute URLs (it is shown on the npm page)', (file) => {
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
	const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
	expect(targets.filter((t) => !/^(https:\/\/|#|mailto:)/.test(t))).toEqual([]);
});

test('the README installs from packed tarballs until the first release', () => {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	expect(readme).toContain('cd ~/.n8n/nodes && npm install /path/to/n8n-nodes-linksfield-cube-0.1.0.tgz');
	expect(readme).toContain('cd ~/.node-red && npm install /path/to/linksfield-cube-node-red-0.1.0.tgz');
});

test.each([
	['.', /^(dist\/.+|package\.json|README\.md|LICENSE)$/, 'n8n-nodes-linksfield-cube-0.1.0.tgz'],
	['packages/node-red', /^(dist\/.+|examples\/.+|package\.json|README\.md|LICENSE)$/, 'linksfield-cube-node-red-0.1.0.tgz'],
	['packages/core', /^(dist\/.+|bin\/linksfield-cube\.js|package\.json|README\.md|LICENSE)$/, 'linksfield-cube-core-0.1.0.tgz'],
	['packages/simulator', /^(dist\/.+|bin\/cube-simulator\.js|package\.json|README\.md|LICENSE)$/, 'linksfield-cube-simulator-0.1.0.tgz'],
])('what npm would publish from %s: the built files, the README, nothing else', (dir, allowed, filename) => {
	// npm_* variables of an outer `npm test` would make this npm act on the outer package.
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: path.join(ROOT, dir), env, encoding: 'utf8' }));
	const files: string[] = info.files.map((f: { path: string }) => f.path);
	expect(info.filename).toBe(filename);
	expect(files.filter((f) => !allowed.test(f))).toEqual([]);
	expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md']));
	expect(files.some((f) => f.startsWith('dist/'))).toBe(true);
});
