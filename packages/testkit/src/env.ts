/**
 * process.env without anything an outer `npm run` / `npm test` leaks: every npm_* (the project's .npmrc travels
 * as npm_config_*, e.g. ignore-scripts=true, and npm_package_* would make a child npm act on the outer package)
 * and INIT_CWD. `extra` is merged over it.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
	return { ...env, ...extra };
}
