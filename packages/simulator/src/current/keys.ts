import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * API keys of the current API (spec §1.4): a key id and an RSA public key the simulator verifies sign v2 with.
 * Each PEM is parsed once, at start, so a request costs one RSA verify and no parsing.
 * Without keys, the simulator uses a throw-away demo key pair kept in a folder, so a user can paste the
 * private key into a credential and the same key works on the next start.
 */

export interface ApiKey {
	keyId: string;
	/** PEM text or a key object; an RSA public key, or a private key (its public half is used). */
	publicKey: string | Buffer | KeyObject;
}

export interface DemoKey {
	keyId: string;
	privateKeyPath: string;
	privateKeyPem: string;
	publicKeyPem: string;
}

export const DEMO_KEY_FILE = 'demo-api-private-key.pem';

/** Where the demo key pair lives unless a state folder is given. */
export const defaultStateDir = () => path.join(os.tmpdir(), 'linksfield-cube-simulator');

export function publicKeyObject(key: ApiKey['publicKey']): KeyObject {
	const object = typeof key === 'object' && 'asymmetricKeyType' in key ? key : createPublicKey(key);
	const publicKey = object.type === 'private' ? createPublicKey(object) : object;
	if (publicKey.asymmetricKeyType !== 'rsa') throw new Error(`an API key must be an RSA key, got ${publicKey.asymmetricKeyType}`);
	return publicKey;
}

/** Key id → parsed public key; a repeated key id is a configuration mistake. */
export function keyTable(keys: ApiKey[]): Map<string, KeyObject> {
	const table = new Map<string, KeyObject>();
	for (const key of keys) {
		if (!key.keyId || /[\s/]/.test(key.keyId)) throw new Error(`API key id "${key.keyId}" must be non-empty, without spaces or "/"`);
		if (table.has(key.keyId)) throw new Error(`API key id "${key.keyId}" is given twice`);
		try {
			table.set(key.keyId, publicKeyObject(key.publicKey));
		} catch (err) {
			throw new Error(`API key "${key.keyId}": ${(err as Error).message}`);
		}
	}
	return table;
}

/** 32 hex characters like the vendor's key ids, fixed for a key pair: the same file gives the same id. */
export const keyIdOf = (publicKey: KeyObject) => createHash('md5').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

/**
 * The demo key pair: read from the state folder, or generated there (1024-bit, as the vendor's keys) at the first
 * start. The file is created exclusively (link of a finished temporary file), so two simulators starting at once
 * end up with the same key.
 */
export function loadOrCreateDemoKey(stateDir = defaultStateDir()): DemoKey {
	const privateKeyPath = path.join(stateDir, DEMO_KEY_FILE);
	let pem: string;
	try {
		pem = readFileSync(privateKeyPath, 'utf8');
	} catch {
		mkdirSync(stateDir, { recursive: true });
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
		const temporary = `${privateKeyPath}.${process.pid}.${Date.now()}.tmp`;
		writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
		try {
			linkSync(temporary, privateKeyPath);
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
		} finally {
			unlinkSync(temporary);
		}
		pem = readFileSync(privateKeyPath, 'utf8');
	}
	const publicKey = createPublicKey(createPrivateKey(pem));
	return { keyId: keyIdOf(publicKey), privateKeyPath, privateKeyPem: pem, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}
