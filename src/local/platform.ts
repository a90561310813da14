import type { PlatformFaults } from './forge-fetch';
import type { LocalUser } from './jira-stub';
import { createJiraStub, runAsUser } from './jira-stub';
import type { EntityDeclaration } from './kvs-entities';
import { KvsEmulator } from './kvs-emulator';

export type { FaultKind, FaultOptions, PlatformFaults } from './forge-fetch';

/**
 * One call that stands up everything the shipped code expects from Forge: KVS (SQLite) and the
 * Jira permission check, both behind a single installed `__forge_fetch__`.
 */

export interface LocalPlatformOptions {
  /** SQLite file path, or ':memory:' (the default). */
  dbPath?: string;
  /** Parsed `app.storage.entities` from manifest.yml. */
  entities?: readonly EntityDeclaration[];
  users?: readonly LocalUser[];
  /** Clock in epoch milliseconds, for TTL tests. */
  now?: () => number;
}

export interface LocalPlatform {
  kvs: KvsEmulator;
  /**
   * Fault injection for every `__forge_fetch__` request, KVS and Jira alike:
   * `faults.inject(nth, kind, { retryAfterSeconds })` makes the nth request from now fail.
   * The same object as `kvs.faults`.
   */
  faults: PlatformFaults;
  install(): void;
  uninstall(): void;
  /** Uninstalls the seam and closes the database. */
  close(): void;
  runAsUser: typeof runAsUser;
}

/** Creates the platform and installs it as `global.__forge_fetch__` straight away. */
export function createLocalPlatform(options: LocalPlatformOptions = {}): LocalPlatform {
  const kvs = new KvsEmulator({
    dbPath: options.dbPath,
    entities: options.entities,
    now: options.now,
    productFetch: createJiraStub(options.users ?? []),
  });
  kvs.install();
  return {
    kvs,
    faults: kvs.faults,
    install: () => kvs.install(),
    uninstall: () => kvs.uninstall(),
    close: () => kvs.close(),
    runAsUser,
  };
}
