import type { CubeClient, CubeEventType, CurrentEnvironment, Environment, Language, NotificationVerifier } from '@linksfield-cube/core';
import type { NetworkNodeIds } from './network-options';
import type { Node } from './node-red-api';
import type { TypedValue } from './typed-input';

/** The three node types: their names and the properties the editor stores for them (what the runtime reads). */

export const CONFIG_TYPE = 'linksfield-cube-config';

/** Which generation of the vendor's API a config node speaks; a node saved before the choice existed is legacy. */
export type CubeApi = 'legacy' | 'current';

export interface CubeConfigProps {
	name?: string;
	/** Missing: legacy (every flow saved before the current API existed). */
	api?: CubeApi;
	/** Legacy: production / productionV3 / uat / custom; current: production / productionIo / uat / custom. */
	environment?: Environment | CurrentEnvironment;
	baseUrl?: string;
	language?: Language;
	/** Seconds. */
	timeout?: number | string;
	/** Requests per second for every node sharing this config (0 = unlimited). */
	rateLimit?: number | string;
	timestampUnit?: 's' | 'ms';
	/** Signed keys 'sorted' (the docs' rule, default) or 'insertion' (as sent). */
	keyOrder?: 'sorted' | 'insertion';
	/** Sign non-ASCII text as \uXXXX. */
	escapeNonAscii?: boolean | 'true' | 'false';
	/** Id of a Node-RED `http proxy` config node; none = HTTP_PROXY / HTTPS_PROXY / NO_PROXY. */
	proxy?: string;
	/** Id of a Node-RED `tls-config` node (CA, client certificate, verification). */
	tls?: string;
}

/** What this package reads of Node-RED's own `http proxy` config node. */
export interface HttpProxyConfigNode {
	url?: string;
	noproxy?: string[];
	credentials?: { username?: string; password?: string };
}

/** Node-RED's own `tls-config` node: addTLSOptions() fills Node's TLS options (the http request node uses it too). */
export interface TlsConfigNode {
	addTLSOptions(options: Record<string, unknown>): Record<string, unknown>;
}

export interface CubeConfigNode extends Node {
	/** The shared client; throws a plain-language error when the credentials are missing. */
	client(): CubeClient;
	/** Where its requests go; undefined while its credentials or base URL are missing. */
	baseUrl(): string | undefined;
	/** The secret of x-lf-md5 callback signatures ('' when not set). */
	notificationSecret(): string;
	/** The API its nodes speak: the action node's operations and the callback-in node's check follow it. */
	api(): CubeApi;
	/** The ids of the `http proxy` and `tls-config` nodes it was deployed with ('' for none): the Test's saved network path. */
	networkNodes(): NetworkNodeIds;
	/**
	 * Current API: the check of x-lf-signature with the notification key id and key; throws a validation error
	 * naming the setting when one is missing or malformed.
	 */
	currentNotificationVerifier(): NotificationVerifier;
}

/** The config node's credentials: the legacy API's access code and secrets, the current API's key pair and notification key. */
export interface CubeCredentials {
	accessCode?: string;
	secret?: string;
	notificationSecret?: string;
	keyId?: string;
	privateKey?: string;
	notificationKeyId?: string;
	notificationKey?: string;
}

export const ACTION_TYPE = 'linksfield-cube';
/** The operation picker's entry that takes the operation from msg.operation. */
export const OPERATION_FROM_MSG = 'msg';

export interface ActionProps {
	name?: string;
	cube: string;
	operation: string;
	/** TypedInput per catalog parameter name. */
	params?: Record<string, TypedValue>;
	property?: string;
	manyOutput?: 'each' | 'array';
	paging?: 'all' | 'limit' | 'page';
	limit?: number | string;
	concurrency?: number | string;
	errorOutput?: boolean;
	/** Extra body params the catalog does not know (JSON object TypedInput). */
	extra?: string;
	extraType?: string;
	/** Replaces the path of an inferred endpoint. */
	path?: string;
	/** Custom API Call: the user says repeating it is harmless. */
	safeToRetry?: boolean;
	/** Current API, asynchronous writes: poll the result before sending the message on. */
	waitForResult?: boolean;
	/** Seconds Wait for Result polls at most (empty: the core's default); then the result is pending with its request id. */
	waitTimeout?: number | string;
}

export const CALLBACK_IN_TYPE = 'linksfield-cube-in';
export const DEFAULT_CALLBACK_PATH = '/linksfield-cube/callback';

export interface CallbackInProps {
	name?: string;
	cube: string;
	path?: string;
	/** Event types to emit; empty = all. */
	events?: CubeEventType[];
}
