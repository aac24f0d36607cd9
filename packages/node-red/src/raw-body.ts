import type { HttpApp, HttpRequest, HttpResponse } from './node-red-api';

/**
 * The callback body as received, for the x-lf-md5 check.
 *
 * With Node-RED's default settings the editor and the HTTP nodes share the root path, so every request passes
 * the editor's JSON / form body parsers before it reaches httpNode: a callback would arrive parsed (or refused
 * with an HTML error page), never as its raw bytes. `captureRawBodies` therefore puts one middleware at the top of
 * the root app that starts reading the callback paths' bodies itself and marks them as read, so those parsers
 * pass them by; the callback-in route then takes the bytes from here.
 */

type Middleware = (req: HttpRequest & { url?: string; skipRawBodyParser?: boolean }, res: HttpResponse, next: () => void) => void;
type ExpressApp = HttpApp & { parent?: ExpressApp; path?: () => string; use?: (fn: Middleware) => void };
/** Full callback path (as routeKey) → body limit and how many callback-in nodes listen there. */
type Routes = Map<string, { limit: number; count: number }>;

const pending = new WeakMap<HttpRequest, Promise<Buffer | string>>();
const captures = new WeakMap<ExpressApp, Routes>();

/** Express routes match case-insensitively and with or without a trailing slash. */
const routeKey = (path: string) => path.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1').toLowerCase();

function rootOf(app: ExpressApp): ExpressApp {
	let root = app;
	while (root.parent) root = root.parent;
	return root;
}

/** One middleware per root app, first in its stack, for every callback path registered in `routes`. */
function installCapture(root: ExpressApp & { use: NonNullable<ExpressApp['use']> }, routes: Routes): void {
	const capture: Middleware = (req, _res, next) => {
		const route = req.url === undefined ? undefined : routes.get(routeKey(req.url.split('?')[0]));
		if (route && !req._body && !req.readableEnded) {
			const body = readStream(req, route.limit);
			// Read whether or not the route runs (httpNodeAuth may refuse first): a failed read is the route's to report.
			body.catch(() => undefined);
			pending.set(req, body);
			// Body parsers (the editor's, Node-RED's own raw parser) skip a request marked as read.
			req._body = true;
			req.skipRawBodyParser = true;
		}
		next();
	};
	root.use(capture);
	// Express 4 creates `_router` on first use (and its `router` getter throws); Express 5 has `router`.
	const stack = ((root._router ?? root.router)?.stack ?? []) as Array<{ handle?: unknown }>;
	const index = stack.findIndex((layer) => layer.handle === capture);
	if (index > 0) stack.unshift(...stack.splice(index, 1));
}

/**
 * Starts capturing the raw bodies of requests to `path` on httpNode; returns the function that stops it.
 * Without an Express root (a host that is not Node-RED's own server) nothing is captured and the route reads
 * the stream itself, as before.
 */
export function captureRawBodies(httpNode: HttpApp, path: string, limit: number): () => void {
	const app = httpNode as ExpressApp;
	const root = rootOf(app);
	if (!root.use) return () => undefined;
	let routes = captures.get(root);
	if (!routes) {
		routes = new Map();
		captures.set(root, routes);
		installCapture(root as ExpressApp & { use: NonNullable<ExpressApp['use']> }, routes);
	}
	// httpNode's own mount path (httpNodeRoot) comes before the node's path in the URL the root app sees.
	const key = routeKey((app.path?.() ?? '') + path);
	const entry = routes.get(key);
	if (entry) entry.count++;
	else routes.set(key, { limit, count: 1 });
	const registered = routes;
	return () => {
		const current = registered.get(key);
		if (current && --current.count <= 0) registered.delete(key);
	};
}

/**
 * The raw body of a callback request: captured above, else read from the stream here. Reads at most
 * `limit + 1` bytes: the receiver then sees that it is too large and answers 413, without this node holding an
 * unbounded body in memory. When other middleware (httpNodeMiddleware) consumed the stream, its result is used.
 */
export function readRawBody(req: HttpRequest, limit: number): Promise<Buffer | string> {
	const captured = pending.get(req);
	if (captured) return captured;
	if (req._body || req.readableEnded) {
		const body = req.body;
		if (Buffer.isBuffer(body) || typeof body === 'string') return Promise.resolve(body);
		// Parsed by someone else: the digest is over the parsed key/value pairs (spec §7.1), so JSON text is equivalent.
		return new Promise((resolve) => resolve(body === undefined ? '' : JSON.stringify(body)));
	}
	return readStream(req, limit);
}

function readStream(req: HttpRequest, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let finished = false;
		const finish = () => {
			if (finished) return;
			finished = true;
			resolve(Buffer.concat(chunks));
		};
		req.on('data', (chunk: Buffer) => {
			if (finished) return;
			chunks.push(chunk);
			size += chunk.length;
			if (size > limit) finish();
		});
		req.on('end', finish);
		req.on('error', (err: Error) => {
			if (!finished) {
				finished = true;
				reject(err);
			}
		});
	});
}
