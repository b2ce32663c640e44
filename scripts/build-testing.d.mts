// Types of scripts/build-testing.mjs for the tests that read its constants.
export declare const testingEntries: Record<string, { src: string; minify: boolean }>;
export declare const testingStatics: Array<[string, string]>;
export declare const TESTING_NAME: string;
export declare const TESTING_GECKO_ID: string;
export declare const TESTING_CHROME_KEY: string;
export declare const TESTING_CHROME_ID: string;
export declare function testingManifest(manifest: Record<string, unknown>, browserName: 'chrome' | 'firefox'): Record<string, unknown>;
export declare function testingHtml(html: string): string;
