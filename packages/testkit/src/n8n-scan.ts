import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** The scanner's verdict and every ESLint message, warnings included (n8n passes on warnings; our gate is 0 and 0). */
export interface ScanReport {
	files: number;
	passed: boolean;
	messages: Array<{ file: string; line: number; severity: string; rule: string; message: string }>;
}

const run = promisify(execFile);

/**
 * n8n's verification scan (@n8n/scan-community-package), offline, in a process of its own because the scanner is
 * ESM only (../n8n-scan.mjs): the package's `source`, an unpacked `tarball` in `dir`, or the descriptions
 * `materialised` as n8n renders them. Needs the build.
 */
export async function scanN8nPackage(mode: 'source' | 'tarball' | 'materialised', dir?: string): Promise<ScanReport> {
	// Jest sets NODE_ENV=test, which switches eslint-plugin-n8n-nodes-base into its own self-test mode.
	const env = { ...process.env, NODE_ENV: 'production' };
	const script = path.join(__dirname, '..', 'n8n-scan.mjs');
	const { stdout } = await run(process.execPath, [script, mode, ...(dir ? [dir] : [])], { cwd: path.join(__dirname, '..', '..', '..'), env, maxBuffer: 16 << 20 });
	return JSON.parse(stdout.trim().split('\n').pop()!) as ScanReport;
}
