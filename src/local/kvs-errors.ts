/**
 * Error codes the emulator answers with, in the `{ code, message }` body that
 * @forge/kvs's `checkResponseError` turns into a `ForgeKvsAPIError`.
 *
 * Codes marked "documented" appear in Atlassian's "Error handling for the Key-Value Store /
 * Custom Entity Store" pages or in @forge/kvs itself. Codes marked "local" are not published by
 * Atlassian; the emulator needs *some* code for those cases and these names are its own guess.
 * Application code should not branch on a "local" code without checking it against real Forge.
 */
export const KVS_ERROR = {
  // documented (@forge/kvs swallows it for get/delete and returns undefined)
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  // documented (@forge/kvs tests)
  BAD_REQUEST: 'BAD_REQUEST',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  // documented: keys
  KEY_TOO_SHORT: 'KEY_TOO_SHORT',
  EMPTY_KEY: 'EMPTY_KEY',
  KEY_TOO_LONG: 'KEY_TOO_LONG',
  INVALID_KEY: 'INVALID_KEY',
  // documented: values
  MAX_SIZE: 'MAX_SIZE',
  MAX_DEPTH: 'MAX_DEPTH',
  // documented: KVS queries
  INVALID_FILTER_CONDITION: 'INVALID_FILTER_CONDITION',
  INVALID_FILTER_VALUES: 'INVALID_FILTER_VALUES',
  LIST_QUERY_LIMIT_EXCEEDED: 'LIST_QUERY_LIMIT_EXCEEDED',
  QUERY_WHERE_INVALID: 'QUERY_WHERE_INVALID',
  QUERY_WHERE_FIELD_INVALID: 'QUERY_WHERE_FIELD_INVALID',
  // documented: custom entities
  INVALID_ENTITY_TYPE: 'INVALID_ENTITY_TYPE',
  INVALID_ENTITY_VALUE: 'INVALID_ENTITY_VALUE',
  INVALID_ENTITY_INDEX: 'INVALID_ENTITY_INDEX',
  COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE: 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
  EMPTY_FILTER_OPERATOR: 'EMPTY_FILTER_OPERATOR',
  INVALID_FILTER_OPERATORS_COMBINATION: 'INVALID_FILTER_OPERATORS_COMBINATION',
  INSUFFICIENT_FILTER_VALUES: 'INSUFFICIENT_FILTER_VALUES',
  // documented (legacy @forge/storage)
  INVALID_CURSOR: 'INVALID_CURSOR',
  // documented: "Any request that exceeds a quota or limit will return a 429 status with an error
  // code of RATE_LIMIT_EXCEEDED" (Error handling for the Key-Value Store / Custom Entity Store)
  RATE_LIMIT_EXCEEDED: 'RATE_LIMIT_EXCEEDED',
  // documented: the KVS / Custom Entity Store transaction pages say a transaction over the rate
  // limit fails "returning a TOO_MANY_REQUESTS error" (a different code from the one above)
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  // local: keyPolicy FAIL_IF_EXISTS on an existing key
  KEY_ALREADY_EXISTS: 'KEY_ALREADY_EXISTS',
  // local: a transaction condition or check did not hold; nothing was written
  CONDITIONAL_CHECK_FAILED: 'CONDITIONAL_CHECK_FAILED',
  // local: more than 25 operations in a transaction or keys in a batch
  TOO_MANY_OPERATIONS: 'TOO_MANY_OPERATIONS',
  // local: the same key used twice in one transaction or batch
  DUPLICATE_KEYS: 'DUPLICATE_KEYS',
  // local: transaction / batch body above 4 MB
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  // local: undocumented. A transaction condition (set/delete `conditions`, or a `check`) on a key
  // that does not exist. Atlassian does not say whether that condition holds, fails or errors, so
  // the emulator refuses the whole transaction with this code: app code that relies on any
  // answer fails loudly in tests instead of silently depending on a guess.
  LOCAL_UNDOCUMENTED_CONDITION_ON_MISSING_KEY: 'LOCAL_UNDOCUMENTED_CONDITION_ON_MISSING_KEY',
  // local: path or method the emulator does not serve
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
} as const;

export type KvsErrorCode = (typeof KVS_ERROR)[keyof typeof KVS_ERROR];

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: KvsErrorCode,
    message: string,
    readonly context?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'KvsError';
  }

  toBody(): { code: string; message: string; context?: Record<string, unknown> } {
    return this.context === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, context: this.context };
  }
}

export const badRequest = (message: string, context?: Record<string, unknown>): KvsError =>
  new KvsError(400, KVS_ERROR.BAD_REQUEST, message, context);
