import { CONFIG_TYPE } from './node-types';

/**
 * The paths of Node-RED's editor and admin API, which a callback endpoint must not take. The callback-in node
 * reads its path's request bodies ahead of every parser and answers every method there, so on `/flows` it swallowed
 * each deploy (the one that would remove it too), on `/auth/token` each login — the editor locked itself out.
 */

/**
 * First path segments below httpAdminRoot: the admin API and editor of Node-RED 4.1 and 5.x (editor-api's routes,
 * the comms websocket, the editor's static folders) and the admin endpoints of Node-RED's core nodes and of this
 * package. Express matches routes case-insensitively, so they are compared in lower case.
 */
const EDITOR_SEGMENTS = new Set([
	'auth',
	'comms',
	'context',
	'credentials',
	'debug',
	'diagnostics',
	'favicon.ico',
	'flow',
	'flows',
	'icons',
	'inject',
	'library',
	'locales',
	'nodes',
	'plugins',
	'projects',
	'red',
	'resources',
	'settings',
	'theme',
	'types',
	'udp-ports',
	'vendor',
	CONFIG_TYPE,
]);

/** "/api/" → "/api", "" or "/" → "" (a false root: that app is off). */
const mount = (root: unknown): string | undefined => (root === false ? undefined : String(root ?? '/').replace(/\/+$/, '').toLowerCase());

/**
 * The editor route a callback path (below httpNodeRoot) would take over, as the URL the browser uses ("/flows",
 * "/" for the editor itself); undefined when it takes none.
 */
export function editorRouteTakenBy(path: string, settings: { httpAdminRoot?: unknown; httpNodeRoot?: unknown }): string | undefined {
	const admin = mount(settings.httpAdminRoot);
	const node = mount(settings.httpNodeRoot);
	if (admin === undefined || node === undefined) return undefined;
	const full = (node + path).replace(/\/{2,}/g, '/').replace(/\/+$/, '').toLowerCase();
	if (full === admin) return admin || '/';
	if (!full.startsWith(admin + '/')) return undefined;
	const segment = full.slice(admin.length + 1).split('/')[0];
	return EDITOR_SEGMENTS.has(segment) ? `${admin}/${segment}` : undefined;
}
