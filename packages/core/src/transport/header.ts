/** A header by its lower-case name, whatever case the sender wrote it in; the first value where it came more than once. */
export function header(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | undefined {
	for (const key of Object.keys(headers ?? {})) {
		if (key.toLowerCase() === name) {
			const v = headers![key];
			return Array.isArray(v) ? v[0] : v;
		}
	}
	return undefined;
}
