/**
 * Built-ins that every part of the main-world hook uses, read once as the hook's bundle starts
 * (document_start, before any page script), so that a page that replaces them later changes
 * nothing in the hook (SECURITY.md case 11). One module, so the minified hook names each once.
 */
export const apply = Reflect.apply;
export const describe = Object.getOwnPropertyDescriptor;
export const define = Object.defineProperty;
