import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What a release needs before its one real run: the workflow (tag → npm ci → npm test → publish both packages
 * with provenance), the metadata a provenance publish and the npm page need, and what each tarball carries.
 * A real `npm publish --provenance` needs GitHub's OIDC token, so it can only run there.
 */

const ROOT = path.resolve(__dirname, '..');
const REPO = 'https://github.com/linksfield-cube/linksfield-cube-nodes';
const workflow = fs.readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8');
const runs = [...workflow.matchAll(/^\s*(?:- )?run: (.+)$/gm)].map((m) => m[1].trim());
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

test('the release workflow runs on a version tag with the OIDC permission provenance needs', () => {
	expect(workflow).toMatch(/^on:\n\s+push:\n\s+tags: \['v\*\.\*\.\*'\]$/m);
	expect(workflow).toMatch(/^permissions:\n(?:\s+#.*\n|\s+contents: read\n)*\s+id-token: write$/m);
});

test('it installs exactly the lock, runs the whole test suite, then publishes both packages with provenance', () => {
	const publish = 'npm publish --provenance --access public';
	expect(runs.filter((r) => r === publish)).toHaveLength(2);
	expect(runs.indexOf('npm ci --no-audit --no-fund')).toBeGreaterThanOrEqual(0);
	expect(runs.indexOf('npm ci --no-audit --no-fund')).toBeLessThan(runs.indexOf('npm test'));
	expect(runs.indexOf('npm test')).toBeLessThan(runs.indexOf(publish));
	expect(workflow).toMatch(/run: npm publish --provenance --access public\n\s+working-directory: packages\/node-red\n/);
	expect(workflow.match(/NODE_AUTH_TOKEN: \$\{\{ secrets\.NPM_TOKEN \}\}/g)).toHaveLength(2);
});

test.each([
	['package.json', undefined],
	['packages/node-red/package.json', 'packages/node-red'],
])('%s names its repository (provenance needs repository.url), homepage and bugs', (file, directory) => {
	const pkg = readJson(file);
	expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPO}.git`, ...(directory ? { directory } : {}) });
	expect(pkg.homepage).toMatch(new RegExp(`^${REPO}(/tree/main/${directory ?? ''})?#readme$`));
	expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
	expect(pkg.version).toBe(readJson('package.json').version);
	expect(pkg.private).toBeUndefined();
});

test.each(['README.md', 'packages/node-red/README.md'])('%s links only to absolute URLs (it is shown on the npm page)', (file) => {
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
