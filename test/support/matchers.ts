/**
 * `expect.any(String)` is typed `any`, so an object literal that holds it is an unsafe `any`
 * assignment to the linter. Held as `unknown`, it matches exactly the same way.
 */
export const anyString: unknown = expect.any(String);
