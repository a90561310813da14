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
  429: 'Too Many Requests',
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

// ---------------------------------------------------------------------------------------------
// Fault injection, at the platform seam: every `__forge_fetch__` request, KVS and product alike.

/**
 * - `throw`: the fetch rejects like a network error (`TypeError('fetch failed')`); nothing applied.
 * - `server-error`: a 500 response; nothing applied.
 * - `rate-limit`: a 429 response with a `Retry-After` header (seconds); nothing applied.
 * - `timeout`: the fetch rejects after a short delay with an error named `TimeoutError`; nothing
 *   applied.
 * - `applied-lost`: the request is applied and committed, then the fetch rejects as for `throw`,
 *   so the caller cannot tell that it took effect.
 */
export type FaultKind = 'throw' | 'server-error' | 'rate-limit' | 'timeout' | 'applied-lost';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throw',
  'server-error',
  'rate-limit',
  'timeout',
  'applied-lost',
];

export interface FaultOptions {
  /** Seconds in the 429's `Retry-After` header; defaults to 2. */
  retryAfterSeconds?: number;
}

export interface PendingFault {
  kind: FaultKind;
  retryAfterSeconds: number;
}

/** The public face of fault injection, as `platform.faults` and `emulator.faults`. */
export interface PlatformFaults {
  /**
   * Makes the nth platform request from now (1-based) fail with `kind`. Only one fault is
   * pending at a time: a new inject replaces one that has not fired yet. Resets `requests`.
   */
  inject(nth: number, kind: FaultKind, options?: FaultOptions): void;
  /** Drops a pending fault and resets `requests` and `fired`. */
  clear(): void;
  /** Platform requests seen since the last inject(), clear() or resetRequests(). */
  readonly requests: number;
  resetRequests(): void;
  /** Whether the injected fault has fired. */
  readonly fired: boolean;
}

export const DEFAULT_RETRY_AFTER_SECONDS = 2;

/** How long a `timeout` fault waits before rejecting. */
export const TIMEOUT_FAULT_DELAY_MS = 20;

export class FaultInjector implements PlatformFaults {
  private pending: (PendingFault & { nth: number }) | undefined;
  private seen = 0;
  private hasFired = false;

  inject(nth: number, kind: FaultKind, options: FaultOptions = {}): void {
    if (!Number.isInteger(nth) || nth < 1) {
      throw new RangeError(`inject(nth) needs a positive integer, got ${nth}`);
    }
    if (!FAULT_KINDS.includes(kind)) throw new RangeError(`Unknown fault kind "${String(kind)}"`);
    const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0) {
      throw new RangeError(`retryAfterSeconds must be a whole number of seconds`);
    }
    this.pending = { nth, kind, retryAfterSeconds };
    this.seen = 0;
    this.hasFired = false;
  }

  clear(): void {
    this.pending = undefined;
    this.seen = 0;
    this.hasFired = false;
  }

  get requests(): number {
    return this.seen;
  }

  resetRequests(): void {
    this.seen = 0;
  }

  get fired(): boolean {
    return this.hasFired;
  }

  /** Counts one platform request and returns the fault it must suffer, if any. */
  next(): PendingFault | undefined {
    this.seen += 1;
    const pending = this.pending;
    if (pending === undefined || this.seen !== pending.nth) return undefined;
    this.pending = undefined;
    this.hasFired = true;
    return { kind: pending.kind, retryAfterSeconds: pending.retryAfterSeconds };
  }
}

/** What undici's fetch rejects with when the connection fails. */
export function networkError(): TypeError {
  return new TypeError('fetch failed', {
    cause: new Error('local platform: injected fault, the response was lost'),
  });
}

/** What `AbortSignal.timeout()` aborts a fetch with. */
export function timeoutError(): DOMException {
  return new DOMException(
    'The operation was aborted due to timeout (local platform: injected fault)',
    'TimeoutError',
  );
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
