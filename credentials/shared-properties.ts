import type { INodeProperties } from 'n8n-workflow';
import { LANGUAGES } from '@linksfield-cube/core';

/** The credential fields both APIs' credentials ask for in the same words: one definition each. */

export const LANGUAGE_PROPERTY: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'options',
	default: 'en-US',
	options: LANGUAGES.map((l) => ({ name: l.name, value: l.value })),
	description: 'Language of the messages the API answers with',
};

export const IGNORE_SSL_ISSUES_PROPERTY: INodeProperties = {
	displayName: 'Ignore SSL Issues (Insecure)',
	name: 'ignoreSslIssues',
	type: 'boolean',
	default: false,
	description:
		'Whether to connect even if the server\'s certificate cannot be verified. Insecure: anyone in between can read and change requests. For a private CA set NODE_EXTRA_CA_CERTS for n8n instead.',
};
