import { editorRouteTakenBy } from '../src/editor-routes';

/** Callback paths that would take over an editor or admin API route, under the roots Node-RED's settings give. */

const DEFAULT = { httpAdminRoot: '/', httpNodeRoot: '/' };

it.each([
	['/flows', DEFAULT, '/flows'],
	['/auth/token', DEFAULT, '/auth'],
	['/Settings', DEFAULT, '/settings'],
	['/red/main.min.js', DEFAULT, '/red'],
	['/linksfield-cube-config/cfg/test', DEFAULT, '/linksfield-cube-config'],
	['/inject/abc', {}, '/inject'],
	// The editor's own page when it lives below httpNodeRoot.
	['/admin', { httpAdminRoot: '/admin', httpNodeRoot: '/' }, '/admin'],
	['/admin/flows', { httpAdminRoot: '/admin/', httpNodeRoot: '/' }, '/admin/flows'],
	['/flows', { httpAdminRoot: '/', httpNodeRoot: '/api/' }, undefined],
	['/flows', { httpAdminRoot: '/admin', httpNodeRoot: '/' }, undefined],
	['/flows', { httpAdminRoot: false, httpNodeRoot: '/' }, undefined],
	['/linksfield-cube/callback', DEFAULT, undefined],
	['/flows-callback', DEFAULT, undefined],
	['/cube/flows', DEFAULT, undefined],
])('%s with %j takes %s', (path, settings, expected) => {
	expect(editorRouteTakenBy(path, settings)).toBe(expected);
});
