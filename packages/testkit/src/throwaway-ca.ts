import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureProgram } from './apt-package';

export interface ThrowawayCa {
	/** The CA's certificate (PEM): what a client must trust. */
	ca: string;
	/** A server certificate for 127.0.0.1 / localhost signed by the CA, and its key (PEM). */
	cert: string;
	key: string;
	/** The same three as files, for a CLI or a Node-RED tls-config node. */
	files: { ca: string; cert: string; key: string };
	remove(): void;
}

/** A private CA made for one test run with openssl, valid for a day, and a loopback server certificate. */
export function makeThrowawayCa(): ThrowawayCa {
	const openssl = ensureProgram('openssl', 'openssl');
	const dir = mkdtempSync(join(tmpdir(), 'cube-ca-'));
	const at = (name: string) => join(dir, name);
	const run = (args: string[]) => execFileSync(openssl, args, { stdio: 'pipe' });
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	run(['req', '-x509', ...ec, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '1', '-subj', '/CN=Cube test CA (throw-away)',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
	run(['req', ...ec, '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=localhost']);
	writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
	run(['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('server.pem'), '-days', '1', '-extfile', at('server.ext')]);
	return read(dir);
}

function read(dir: string): ThrowawayCa {
	const files = { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
	return {
		ca: readFileSync(files.ca, 'utf8'),
		cert: readFileSync(files.cert, 'utf8'),
		key: readFileSync(files.key, 'utf8'),
		files,
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
