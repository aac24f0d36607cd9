import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let updated = false;

/**
 * A Debian package's program, installed with apt-get when missing (a fresh CI machine has neither tinyproxy
 * nor, perhaps, openssl). apt's own lock timeout makes concurrent test runs wait for each other.
 */
export function ensureProgram(program: string, aptPackage: string): string {
	const paths = ['/usr/bin/', '/usr/sbin/', '/bin/', '/sbin/'].map((dir) => dir + program);
	const found = () => paths.find((p) => existsSync(p));
	if (found()) return found()!;
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
	if (!found()) throw new Error(`apt-get installed ${aptPackage} but ${program} is not there`);
	return found()!;
}
