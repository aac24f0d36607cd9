import { createPrivateKey, type KeyObject } from 'node:crypto';
import { CubeValidationError } from '../../results/errors';

/**
 * Reads the sign v2 private key (spec §1.4: RSA, PKCS#8 in third-party code, PKCS#1 accepted too) into a KeyObject, or
 * refuses it with an error naming the setting and what is wrong with it — never quoting the key.
 *
 * The PEM is taken apart here rather than handed to OpenSSL as text, for two reasons: OpenSSL's own error
 * ("DECODER routines::unsupported") names none of the usual mistakes, and a key pasted into a single-line field
 * arrives with its line breaks turned into spaces, dropped, or written as a literal "\n". Those three are undone:
 * a backslash and a space are outside the PEM alphabet (Base64 and the armour lines), so reading "\n" as a line
 * break and ignoring whitespace inside the Base64 cannot change what the key is. If the result is not a whole
 * RSA private key, it is refused as any other damaged key.
 */

const BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----([\s\S]*?)(?:-----END ([A-Z0-9 ]{1,40})-----|$)/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const FORMATS: Record<string, 'pkcs1' | 'pkcs8'> = { 'RSA PRIVATE KEY': 'pkcs1', 'PRIVATE KEY': 'pkcs8' };

export function parsePrivateKey(text: unknown, field = 'privateKey'): KeyObject {
	const refuse = (what: string): never => {
		throw new CubeValidationError('configuration', field, what, `The private key (setting "${field}") ${what}. Nothing was sent.`);
	};
	if (typeof text !== 'string' || text.trim() === '') return refuse('is empty: paste the PEM private key of the API key');
	const literalBreaks = /\\r\\n|\\n|\\r/.test(text);
	const pem = literalBreaks ? text.replace(/\\r\\n|\\n|\\r/g, '\n') : text;
	const blocks = [...pem.matchAll(BLOCK)];
	if (blocks.length === 0) {
		if (/^\s*(ssh-rsa|ssh-ed25519|ecdsa-sha2-)/.test(pem)) return refuse('is an OpenSSH public key: paste the private key');
		return refuse('is not a PEM key: paste the whole key, from its "-----BEGIN … PRIVATE KEY-----" line to its "-----END … PRIVATE KEY-----" line');
	}
	if (blocks.length > 1) return refuse(`holds ${blocks.length} PEM blocks (${blocks.map((b) => b[1]).join(', ')}): paste the private key alone`);
	const [, label, inner, endLabel] = blocks[0];
	if (/PUBLIC KEY/.test(label)) return refuse('is a public key: sign v2 signs with the private key of the pair (Linksfield keeps the public one)');
	if (/CERTIFICATE/.test(label)) return refuse(`is a certificate (${label}), not a private key`);
	if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(inner)) {
		return refuse('is encrypted with a passphrase: export it without one (e.g. `openssl pkey -in key.pem -out plain.pem`)');
	}
	const format = FORMATS[label];
	if (!format) return refuse(`is a PEM "${label}", not an RSA private key in PKCS#1 ("RSA PRIVATE KEY") or PKCS#8 ("PRIVATE KEY") form`);
	const damaged = `is truncated or damaged${literalBreaks ? ' (its literal "\\n" were read as line breaks)' : ''}: paste the whole key again`;
	if (endLabel === undefined) return refuse(`has no "-----END ${label}-----" line: it is cut off; paste the whole key`);
	if (endLabel !== label) return refuse(`ends with "-----END ${endLabel}-----" after "-----BEGIN ${label}-----": ${damaged}`);
	// RFC 7468 lets a parser ignore whitespace in the Base64; a line with a colon is a legacy header.
	const base64 = inner.split('\n').filter((line) => !line.includes(':')).join('').replace(/\s+/g, '');
	if (base64 === '' || !BASE64.test(base64) || base64.length % 4 !== 0) return refuse(damaged);
	let key: KeyObject;
	try {
		key = createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: format });
	} catch {
		// OpenSSL's reason names nothing the user can act on; the key itself is never quoted.
		return refuse(damaged);
	}
	if (key.asymmetricKeyType !== 'rsa') return refuse(`is a key of type "${key.asymmetricKeyType}": sign v2 needs an RSA key (SHA1withRSA)`);
	return key;
}
