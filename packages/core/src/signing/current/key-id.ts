import { CubeValidationError } from '../../results/errors';

/**
 * The key id of an API key or a notification key, as the spec allows it (§1.4): the vendor's ids seen are 32 hex
 * characters (API key) and 20 letters and digits (notification key), so any run of letters, digits, "-", "_" and "."
 * is taken. It travels as `{keyId}/{sign}`, and the receiver splits at the first "/", so a "/" (or a space, or
 * anything a header cannot carry) would silently break every request. Surrounding whitespace, which a paste brings
 * along, is dropped.
 */
const KEY_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** `consequence` ends the message: a signer's refusal means nothing was sent; a receiver's, that nothing is accepted. */
export function checkKeyId(keyId: unknown, field = 'keyId', consequence = 'Nothing was sent.'): string {
	const id = typeof keyId === 'string' ? keyId.trim() : '';
	if (id === '') throw new CubeValidationError('configuration', field, 'is empty', `The key id (setting "${field}") is empty: copy it from the Cube portal. ${consequence}`);
	if (!KEY_ID.test(id)) {
		throw new CubeValidationError(
			'configuration',
			field,
			'must be letters, digits, "-", "_" or "." (at most 128)',
			`The key id (setting "${field}") must be letters, digits, "-", "_" or "." (at most 128 characters), as the Cube portal shows it. ${consequence}`,
		);
	}
	return id;
}
