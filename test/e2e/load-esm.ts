// Loads an ESM module (the runtime harnesses) from a CommonJS-compiled jest test.
//
// Under this repo's ts-jest setup (module=commonjs) a written `await import('./x.mjs')` is compiled to
// require(), and jest refuses to require .mjs files. An import() built with `new Function` is left alone by
// TypeScript; jest serves it only when run with NODE_OPTIONS=--experimental-vm-modules.

// The source text is made unique per test file (jest evaluates this module once per file): V8 reuses a compiled
// `new Function` of identical text, and with it the import() hook of the first test file's (later torn-down)
// environment — every later e2e file in the same worker then failed with "reading 'identifier'".
const importEsm = new Function('specifier', `return import(specifier); // ${process.pid}-${Date.now()}-${Math.random()}`) as <T>(specifier: string) => Promise<T>;

export async function loadEsm<T>(file: string): Promise<T> {
	try {
		return await importEsm<T>(file);
	} catch (err) {
		if (/experimental-vm-modules/.test(String((err as Error).message))) {
			throw new Error(`cannot load ${file}: run jest with NODE_OPTIONS=--experimental-vm-modules (${(err as Error).message})`);
		}
		throw err;
	}
}
