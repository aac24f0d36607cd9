// n8n's verification scan (@n8n/scan-community-package) run offline, as `node packages/testkit/n8n-scan.mjs MODE [DIR]`:
//   source        the package's sources (package.json, nodes/**, credentials/**), as n8n lints the attested source
//   tarball DIR   an unpacked tarball (**/*.js, package.json), as n8n lints what was published
//   materialised  the node and credential descriptions as n8n renders them, written out as literal TypeScript
//                 and linted with n8n's node rules: our properties are generated from the catalog at run time,
//                 so the rules find nothing to check in the source itself
// Prints one JSON line: the scanner's verdict (analyzePackage) and every ESLint message, warnings included
// (analyzePackage passes on warnings; our gate is 0 and 0).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const ROOT = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

async function lint(dir, patterns) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const messages = results.flatMap((r) =>
		r.messages.map((m) => ({ file: path.relative(dir, r.filePath), line: m.line, severity: m.severity === 2 ? 'error' : 'warning', rule: m.ruleId, message: m.message })),
	);
	const verdict = await analyzePackage(dir, patterns);
	return { files: files.length, passed: verdict.passed, messages };
}

/** Source text to write as is (an identifier, a function). */
class Code {
	constructor(text) {
		this.text = text;
	}
}

/** A value as TypeScript source with bare keys and single quotes, as a hand-written description reads. */
function literal(value, indent = '\t') {
	const inner = indent + '\t';
	const quote = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
	if (value instanceof Code) return value.text;
	if (typeof value === 'function') return '() => undefined';
	if (typeof value === 'string') return quote(value);
	if (Array.isArray(value)) return value.length ? `[\n${value.map((v) => inner + literal(v, inner)).join(',\n')},\n${indent}]` : '[]';
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined);
		const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k));
		return entries.length ? `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)}`).join(',\n')},\n${indent}}` : '{}';
	}
	return String(value);
}

/**
 * The built classes as class files n8n's rules can read, under nodes/ and credentials/ of a folder with the
 * package's n8n section: the description (and the credential's fields) as literals, other members as stubs.
 */
function materialise() {
	const require = createRequire(path.join(ROOT, 'package.json'));
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-materialised-'));
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, n8n: pkg.n8n }));
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		const [name, Class] = Object.entries(require(path.join(ROOT, file)))[0];
		const instance = new Class();
		const credential = file.startsWith('dist/credentials/');
		const members = Object.entries(instance).map(([key, value]) => {
			if (key === 'description') {
				// NodeConnectionTypes.Main is the string 'main' at run time; the rules want the constant.
				const connections = (list) => (Array.isArray(list) ? list.map((c) => (c === 'main' ? new Code('NodeConnectionTypes.Main') : c)) : list);
				value = { ...value, inputs: connections(value.inputs), outputs: connections(value.outputs) };
				return `\tdescription: INodeTypeDescription = ${literal(value)};`;
			}
			return `\t${key} = ${literal(value)};`;
		});
		const methods = Object.getOwnPropertyNames(Class.prototype)
			.filter((key) => key !== 'constructor')
			.map((key) => `\tasync ${key}() {}`);
		const header = credential
			? `import type { ICredentialType } from 'n8n-workflow';\n\nexport class ${name} implements ICredentialType {`
			: `import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';\n\nexport class ${name} implements INodeType {`;
		const target = path.join(dir, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, [header, ...members, ...methods, '}', ''].join('\n\n'));
	}
	fs.cpSync(path.join(ROOT, 'nodes/icons'), path.join(dir, 'nodes/icons'), { recursive: true });
	return dir;
}

const [mode, dirArg] = process.argv.slice(2);
let report;
if (mode === 'source') report = await lint(ROOT, SOURCE_FILE_PATTERNS);
else if (mode === 'tarball') report = await lint(path.resolve(dirArg), TARBALL_PATTERNS);
else if (mode === 'materialised') {
	const dir = materialise();
	try {
		report = { dir, ...(await lint(dir, ['{nodes,credentials}/**/*.ts'])) };
	} finally {
		if (!process.env.KEEP_MATERIALISED) fs.rmSync(dir, { recursive: true, force: true });
	}
} else {
	console.error('usage: node packages/testkit/n8n-scan.mjs source | tarball DIR | materialised');
	process.exit(2);
}
console.log(JSON.stringify(report));
