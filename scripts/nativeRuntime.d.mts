// Types of nativeRuntime.mjs, for scripts/package.ts and the tests.
export declare const NATIVE_RUNTIME: readonly string[];
export declare function binariesFolder(platform: string, arch: string): string;
export declare function nativeRuntimeFiles(nodeModules: string, platform: string, arch: string): Promise<string[]>;
export declare function linkOrCopy(from: string, to: string): Promise<void>;
export declare function placeNativeRuntime(toNodeModules: string, platform: string, arch: string, fromNodeModules?: string): Promise<string[]>;
