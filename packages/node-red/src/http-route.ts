import type { HttpApp, RouteHandler } from './node-red-api';

/**
 * Adds / removes one route on Node-RED's httpNode app. Express has no public "remove route", so removal
 * filters the router stack the way Node-RED's own http-in node does — but by handler identity, so a second
 * node on the same path (or an http-in node) keeps its route.
 */

export function addRoute(app: HttpApp, path: string, handler: RouteHandler): void {
	// Every method reaches the handler: the callback receiver answers 405 for anything but POST.
	if (app.all) app.all(path, handler);
	else app.post(path, handler);
}

export function removeRoute(app: HttpApp, handler: RouteHandler): void {
	const router = app._router ?? app.router;
	if (!router) return;
	for (let i = router.stack.length - 1; i >= 0; i--) {
		const route = router.stack[i].route as { stack?: Array<{ handle: unknown }> } | undefined;
		if (route?.stack?.some((layer) => layer.handle === handler)) router.stack.splice(i, 1);
	}
}

/** "/linksfield-cube/callback": one leading slash, no trailing one, no doubled ones. */
export function normalisePath(path: string | undefined, fallback: string): string {
	const trimmed = (path ?? '').trim() || fallback;
	const clean = ('/' + trimmed).replace(/\/{2,}/g, '/').replace(/\/$/, '');
	return clean || fallback;
}
