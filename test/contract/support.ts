import { ForgeKvsAPIError } from '@forge/kvs';

/** Awaits a call that must fail through @forge/kvs and returns the error it surfaced. */
export async function kvsRejection(call: Promise<unknown>): Promise<ForgeKvsAPIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ForgeKvsAPIError) return error;
    throw error;
  }
  throw new Error('Expected the KVS call to be rejected, but it succeeded');
}

/** A clock the tests move by hand, so TTL and timestamps are deterministic. */
export function manualClock(start = Date.UTC(2025, 0, 1)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}
