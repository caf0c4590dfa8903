// Types of core-modules.mjs for the tests that import it.
export declare const CORE_ENTRY: string;
export declare const CORE_MODULES: readonly string[];
