/** The object without its undefined fields, so output and JSON carry only what is known. */
export const withoutUndefined = <T extends object>(obj: T): T => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
