/** Packs the package in `packageDir` (already built) into `destination`; returns the tarball's path. */
export declare function packPackage(packageDir: string, destination: string): string;
