import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let updated = false;

/** Installs a Debian package; apt's own lock timeout makes concurrent test runs wait for each other. */
function aptInstall(aptPackage: string): void {
	const apt = (args: string[]) =>
		execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', '-o', 'Acquire::Retries=3', ...args], {
			stdio: 'pipe',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeout: 10 * 60 * 1000,
		});
	if (!updated) {
		apt(['update', '-q']);
		updated = true;
	}
	apt(['install', '-y', '-q', '--no-install-recommends', aptPackage]);
}

/** A file a Debian package brings (a font, say), installed with apt-get when missing. */
export function ensureFile(file: string, aptPackage: string): string {
	if (existsSync(file)) return file;
	aptInstall(aptPackage);
	if (!existsSync(file)) throw new Error(`apt-get installed ${aptPackage} but ${file} is not there`);
	return file;
}

/**
 * A Debian package's program, installed with apt-get when missing (a fresh CI machine has neither tinyproxy
 * nor, perhaps, openssl).
 */
export function ensureProgram(program: string, aptPackage: string): string {
	const paths = ['/usr/bin/', '/usr/sbin/', '/bin/', '/sbin/'].map((dir) => dir + program);
	const found = () => paths.find((p) => existsSync(p));
	if (found()) return found()!;
	aptInstall(aptPackage);
	if (!found()) throw new Error(`apt-get installed ${aptPackage} but ${program} is not there`);
	return found()!;
}
