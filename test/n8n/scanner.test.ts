import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { packPackage, scanN8nPackage as scan, type ScanReport } from '@linksfield-cube/testkit';

/**
 * n8n's verification gate, offline: @n8n/scan-community-package's own checks on the sources, on the packed
 * tarball (the bundled core included) and on the descriptions as n8n renders them. 0 errors and 0 warnings.
 * Needs the build (npm test builds first).
 */

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

const clean = (report: ScanReport) => ({ passed: report.passed, messages: report.messages });

jest.setTimeout(120_000);

test('the sources pass the scanner with no error and no warning', async () => {
	const report = await scan('source');
	expect(report.files).toBeGreaterThan(10);
	expect(clean(report)).toEqual({ passed: true, messages: [] });
});

test('the packed tarball passes the scanner with no error and no warning', async () => {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-tarball-'));
	try {
		const tarball = packPackage(ROOT, work);
		await run('tar', ['-xzf', tarball, '-C', work]);
		const report = await scan('tarball', path.join(work, 'package'));
		// The three nodes and the two credentials, each with the core bundled in.
		expect(report.files).toBe(6);
		expect(clean(report)).toEqual({ passed: true, messages: [] });
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
});

test("the descriptions as n8n renders them pass n8n's node rules (Get Many, sorted options, sentence-case actions)", async () => {
	const report = await scan('materialised');
	expect(report.files).toBe(5);
	expect(clean(report)).toEqual({ passed: true, messages: [] });
});
