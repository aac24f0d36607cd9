import { CubeValidationError } from '../../src/results/errors';
import { parsePrivateKey } from '../../src/signing/current/private-key';
import { testKey } from './sign-v2-keys';

const PKCS1 = testKey('team-rsa1024.pkcs1.pem');
const PKCS8 = testKey('team-rsa1024.pkcs8.pem');
const BASE64_OF_KEY = PKCS1.split('\n')[1];

/** The error parsePrivateKey throws for `text`. */
function refusal(text: unknown): CubeValidationError {
	try {
		parsePrivateKey(text);
	} catch (error) {
		expect(error).toBeInstanceOf(CubeValidationError);
		return error as CubeValidationError;
	}
	throw new Error('the key was accepted');
}

describe('parsePrivateKey', () => {
	test.each([
		['PKCS#1 PEM', PKCS1],
		['PKCS#8 PEM', PKCS8],
		['2048-bit PKCS#8', testKey('team-rsa2048.pkcs8.pem')],
		['CRLF line ends and surrounding blank lines', '\r\n' + PKCS1.replace(/\n/g, '\r\n') + '\r\n\r\n'],
		// Single-line fields: the breaks arrive as literal "\n", as spaces, or not at all. Unambiguous, so undone.
		['literal \\n instead of line breaks', PKCS8.trim().replace(/\n/g, '\\n')],
		['literal \\r\\n instead of line breaks', PKCS1.trim().replace(/\n/g, '\\r\\n')],
		['line breaks turned into spaces', PKCS1.trim().replace(/\n/g, ' ')],
		['line breaks dropped', PKCS8.trim().replace(/\n/g, '')],
	])('reads an RSA private key given as %s', (_name, text) => {
		const key = parsePrivateKey(text);
		expect(key.type).toBe('private');
		expect(key.asymmetricKeyType).toBe('rsa');
	});

	test.each([
		['an empty field', '', /is empty/],
		['no PEM at all', 'hello', /not a PEM key/],
		['bare Base64 without its armour lines', BASE64_OF_KEY, /not a PEM key.*BEGIN/],
		['a public key (SPKI)', testKey('team-rsa1024.public.pem'), /is a public key/],
		['a PKCS#1 public key', '-----BEGIN RSA PUBLIC KEY-----\nMIGJAoGBAM=\n-----END RSA PUBLIC KEY-----\n', /is a public key/],
		['an OpenSSH public key', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ test@host', /OpenSSH public key/],
		['a certificate', testKey('refused-certificate.pem'), /is a certificate/],
		['an encrypted PKCS#8 key', testKey('refused-encrypted.pkcs8.pem'), /encrypted with a passphrase/],
		['an encrypted PKCS#1 key', testKey('refused-encrypted.pkcs1.pem'), /encrypted with a passphrase/],
		['an EC key', testKey('refused-ec.pkcs8.pem'), /type "ec".*needs an RSA key/],
		['a key cut off before its END line', PKCS1.slice(0, 400), /no "-----END RSA PRIVATE KEY-----" line/],
		['a key missing lines in the middle', PKCS1.split('\n').filter((_l, i) => i !== 5).join('\n'), /truncated or damaged/],
		['a key with a character changed', PKCS1.replace(BASE64_OF_KEY, BASE64_OF_KEY.slice(0, 20) + '*' + BASE64_OF_KEY.slice(21)), /truncated or damaged/],
		['mismatched armour', PKCS8.replace('END PRIVATE KEY', 'END RSA PRIVATE KEY'), /ends with/],
		['key and certificate pasted together', PKCS1 + testKey('refused-certificate.pem'), /2 PEM blocks.*alone/],
		['literal \\n in a damaged key', PKCS1.slice(0, 300).trim().replace(/\n/g, '\\n') + '\\n-----END RSA PRIVATE KEY-----', /truncated or damaged \(its literal "\\n" were read as line breaks\)/],
		['not text', 42, /is empty/],
	])('refuses %s with an error naming the setting, never the key', (_name, text, reason) => {
		const error = refusal(text);
		expect(error.field).toBe('privateKey');
		expect(error.message).toMatch(/^The private key \(setting "privateKey"\)/);
		expect(error.message).toMatch(reason);
		expect(error.message).toMatch(/Nothing was sent\.$/);
		// No piece of the key's Base64 in the message.
		expect(error.message).not.toContain(BASE64_OF_KEY.slice(10, 30));
		expect(error.message).not.toMatch(/[A-Za-z0-9+/]{24,}/);
	});

	test('names the field it is given', () => {
		expect(refusal('').field).toBe('privateKey');
		try {
			parsePrivateKey('', 'apiPrivateKey');
		} catch (error) {
			expect((error as CubeValidationError).field).toBe('apiPrivateKey');
			return;
		}
		throw new Error('the key was accepted');
	});
});
