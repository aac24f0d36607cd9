/* eslint-disable @typescript-eslint/no-explicit-any -- Node-RED's runtime is untyped JavaScript: messages, settings and
   its Express requests carry whatever flows and users put there; the nodes check what they read. */
/**
 * The slice of Node-RED's runtime API these nodes use. Written by hand: Node-RED ships no types of its own,
 * and the published package must not depend on a types package.
 */

export type NodeMessage = Record<string, any> & { _msgid?: string };

export interface NodeStatus {
	fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
	shape?: 'ring' | 'dot';
	text?: string;
}

export type Send = (msg: NodeMessage | null | Array<NodeMessage | NodeMessage[] | null>) => void;
export type Done = (err?: Error) => void;

export interface Node {
	id: string;
	type: string;
	name?: string;
	credentials: Record<string, string | undefined>;
	on(event: 'input', listener: (msg: NodeMessage, send: Send, done: Done) => void): void;
	on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
	status(status: NodeStatus | Record<string, never>): void;
	error(err: unknown, msg?: NodeMessage): void;
	warn(message: unknown): void;
	log(message: unknown): void;
	send(msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>): void;
	receive(msg: NodeMessage): void;
}

/** Express-like, but only what the callback-in node touches, so it works whatever framework hosts httpNode. */
export interface HttpRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	body?: unknown;
	_body?: boolean;
	on(event: string, listener: (...args: any[]) => void): void;
	readableEnded?: boolean;
}

export interface HttpResponse {
	statusCode: number;
	setHeader(name: string, value: string | number): void;
	end(body?: string): void;
	headersSent?: boolean;
}

export type RouteHandler = (req: HttpRequest, res: HttpResponse, next?: (err?: unknown) => void) => void;

export interface HttpApp {
	post(path: string, ...handlers: RouteHandler[]): void;
	all?(path: string, ...handlers: RouteHandler[]): void;
	_router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
	router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
}

export interface NodeAPI {
	nodes: {
		createNode(node: object, config: object): void;
		registerType(type: string, constructor: (...args: never[]) => void, options?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
		getNode(id: string): unknown;
		getCredentials?(id: string): Record<string, string> | undefined;
	};
	util: {
		evaluateNodeProperty(value: unknown, type: string, node: Node, msg: NodeMessage | undefined, callback: (err: Error | null, result?: unknown) => void): void;
		setMessageProperty(msg: NodeMessage, property: string, value: unknown, createMissing?: boolean): boolean;
		cloneMessage<T extends NodeMessage>(msg: T): T;
		getSetting?(node: Node | null, name: string): unknown;
	};
	httpNode?: HttpApp;
	/** The editor's admin API (Test button endpoints). */
	httpAdmin?: { post(path: string, ...handlers: Array<(req: any, res: any, next: () => void) => unknown>): void };
	auth?: { needsPermission(permission: string): (req: any, res: any, next: () => void) => void };
	settings: Record<string, any>;
	_(key: string, substitutions?: Record<string, unknown>): string;
}
