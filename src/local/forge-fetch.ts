/**
 * The platform seam shared by @forge/kvs and @forge/api: both call
 * `global.__forge_fetch__(target, path, init)` and read a WHATWG Response.
 * Only the local runtime and tests install an implementation; shipped code never imports this.
 */

export interface ForgeFetchTarget {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
  contextAri?: string;
}

export interface ForgeFetchInit {
  method?: string;
  body?: unknown;
  headers?: unknown;
}

export type ForgeFetch = (
  target: ForgeFetchTarget,
  path: string,
  init?: ForgeFetchInit,
) => Promise<Response>;

declare global {
  // A runtime-provided global has to be declared with `var` to be visible on globalThis.
  var __forge_fetch__: ForgeFetch | undefined;
}

/**
 * Installs `fetch` as `global.__forge_fetch__` and returns a function that puts back whatever
 * was there before. The restore is skipped when someone else replaced the seam in between, so
 * nested installs unwind without clobbering each other.
 */
export function installForgeFetch(fetch: ForgeFetch): () => void {
  const previous = globalThis.__forge_fetch__;
  globalThis.__forge_fetch__ = fetch;
  return () => {
    if (globalThis.__forge_fetch__ === fetch) {
      globalThis.__forge_fetch__ = previous;
    }
  };
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

/** A response carrying already-serialised JSON; `null` means an empty body. */
export function respond(
  status: number,
  text: string | null,
  headers: Record<string, string> = {},
): Response {
  return new Response(text, {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: text === null ? headers : { 'content-type': 'application/json', ...headers },
  });
}

/** A JSON response; an `undefined` body gives an empty response (204-style). */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return respond(status, body === undefined ? null : JSON.stringify(body), headers);
}

/** Request bodies arrive as whatever the caller passed to fetch; the SDKs only ever send strings. */
export function readBodyText(init: ForgeFetchInit | undefined): string | undefined {
  const body = init?.body;
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return undefined;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
