import { psTabJson, psTabUnanswered } from '../domain/export';
import { flattenTab, psTabDrift, tabPutBody, type PsTabDrift } from '../domain/export/ps-tab-api';
import type { ManifestFacts } from '../domain/manifest/facts';
import type { PsTabFieldsLayout } from '../domain/rules/pack';
import { readAnswersFile, type AnswersFile } from './answers-file';
import { parseArgs } from './args';
import { CliInputError, UsageError, oneLine } from './errors';
import { readInput, readManifest } from './inputs';
import type { CliIo } from './main';
import {
  DEFAULT_MARKETPLACE_URL,
  ENV,
  MarketplaceClient,
  type FetchLike,
  type TabState,
} from './marketplace';

/** `ps-tab diff` exit codes beyond the CLI's 0/2/3: 1 drift found, 4 the Marketplace failed. */
export const PS_TAB_EXIT = { ok: 0, drift: 1, invalid: 2, marketplace: 4 } as const;

const STATES = ['live', 'draft'] as const;

export interface PsTabIo extends CliIo {
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
}

/** `trust-assess ps-tab pull|diff|push …`; returns the exit code. */
export async function psTabCommand(argv: readonly string[], io: PsTabIo): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'pull':
      return pull(rest, io);
    case 'diff':
      return diff(rest, io);
    case 'push':
      return push(rest, io);
    case undefined:
      throw new UsageError('ps-tab needs pull, diff or push');
    default:
      throw new UsageError(`unknown ps-tab command "${oneLine(sub)}" (pull, diff or push)`);
  }
}

function client(io: PsTabIo, needsAuth: string | undefined): MarketplaceClient {
  const env = io.env ?? {};
  const email = env[ENV.email];
  const token = env[ENV.token];
  if (needsAuth !== undefined) {
    for (const [name, value] of [
      [ENV.email, email],
      [ENV.token, token],
    ] as const) {
      if (value === undefined || value === '') {
        throw new CliInputError('environment', name, `not set (needed to ${needsAuth})`);
      }
    }
  }
  const fetchImpl: FetchLike =
    io.fetch ??
    ((url, init) => globalThis.fetch(url, { ...init, signal: AbortSignal.timeout(30_000) }));
  return new MarketplaceClient({
    baseUrl: env[ENV.baseUrl] || DEFAULT_MARKETPLACE_URL,
    ...(email && token ? { credentials: { email, token } } : {}),
    fetch: fetchImpl,
    sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    log: (line) => io.stderr.write(`trust-assess: ${line}\n`),
  });
}

function stateFlag(raw: string | undefined, fallback: TabState): TabState {
  if (raw === undefined) return fallback;
  const found = STATES.find((s) => s === raw);
  if (!found) throw new UsageError(`--state must be one of live, draft, got "${oneLine(raw)}"`);
  return found;
}

function appKey(flag: string | undefined, file: AnswersFile | undefined, path?: string): string {
  const key = flag ?? file?.app.key;
  if (key === undefined || key === '') {
    throw new UsageError(
      path === undefined
        ? 'ps-tab needs --app <addon key>'
        : `ps-tab needs --app <addon key>, or app.key in ${path}`,
    );
  }
  return key;
}

function fieldsLayout(file: AnswersFile, path: string): PsTabFieldsLayout {
  const layout = file.pack.psTab;
  if (layout.kind !== 'fields') {
    throw new CliInputError(
      path,
      'ruleSet',
      `${file.ruleSet.id}@${file.ruleSet.version} asks about the Privacy & Security tab, not for its values; upgrade the file (trust-assess upgrade) to use ps-tab`,
    );
  }
  return layout;
}

async function answersAndManifest(
  answersPath: string,
  manifestPath: string | undefined,
  io: PsTabIo,
): Promise<{ file: AnswersFile; layout: PsTabFieldsLayout; manifest?: ManifestFacts }> {
  const file = readAnswersFile(await readInput(answersPath, io), answersPath);
  const layout = fieldsLayout(file, answersPath);
  const manifest =
    manifestPath === undefined
      ? undefined
      : readManifest(await readInput(manifestPath, io), manifestPath);
  return { file, layout, ...(manifest ? { manifest } : {}) };
}

function onePositional(positionals: string[], what: string, required: boolean): string | undefined {
  const [first, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${oneLine(extra)}"`);
  if (required && first === undefined) throw new UsageError(`ps-tab ${what} needs an answers file`);
  return first;
}

async function pull(argv: readonly string[], io: PsTabIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { app: 'value', state: 'value' });
  const answersPath = onePositional(positionals, 'pull', false);
  const file =
    answersPath === undefined
      ? undefined
      : readAnswersFile(await readInput(answersPath, io), answersPath);
  const key = appKey(flags.get('app'), file, answersPath);
  const state = stateFlag(flags.get('state'), 'live');
  const doc = await client(io, state === 'draft' ? 'read the draft tab' : undefined).getTab(
    key,
    state,
  );
  io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return PS_TAB_EXIT.ok;
}

async function diff(argv: readonly string[], io: PsTabIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, {
    app: 'value',
    state: 'value',
    manifest: 'value',
    tab: 'value',
    format: 'value',
  });
  const answersPath = onePositional(positionals, 'diff', true) ?? '';
  const format = flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be one of text, json, got "${oneLine(format)}"`);
  }
  const { file, layout, manifest } = await answersAndManifest(
    answersPath,
    flags.get('manifest'),
    io,
  );
  const tabPath = flags.get('tab');
  const state = stateFlag(flags.get('state'), 'live');
  let doc: unknown;
  let where: string;
  if (tabPath !== undefined) {
    if (flags.has('state') || flags.has('app')) {
      throw new UsageError('--tab reads a saved tab; it takes no --app or --state');
    }
    const text = await readInput(tabPath, io);
    try {
      doc = JSON.parse(text) as unknown;
    } catch {
      throw new CliInputError(
        tabPath,
        undefined,
        'invalid JSON: expected the tab as ps-tab pull prints it',
      );
    }
    where = tabPath;
  } else {
    const key = appKey(flags.get('app'), file, answersPath);
    doc = await client(io, state === 'draft' ? 'read the draft tab' : undefined).getTab(key, state);
    where = `the ${state} tab of ${key}`;
  }
  const manifestSupplied = manifest !== undefined;
  const expected = psTabJson(layout, file.ruleSet, file.answers, manifestSupplied);
  const drift = psTabDrift(layout, expected, flattenTab(layout, doc), manifest);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ tab: where, drift }, null, 2)}\n`);
  } else {
    io.stdout.write(driftText(drift, where, manifestSupplied));
  }
  return drift.length === 0 ? PS_TAB_EXIT.ok : PS_TAB_EXIT.drift;
}

function driftText(drift: PsTabDrift[], where: string, manifestSupplied: boolean): string {
  const against = manifestSupplied ? 'the answers and the manifest' : 'the answers';
  if (drift.length === 0) return `No drift: ${oneLine(where)} matches ${against}.\n`;
  const lines = drift.map((d) => `drift: ${oneLine(d.message)}`);
  lines.push(
    `${drift.length} ${drift.length === 1 ? 'difference' : 'differences'} between ${oneLine(where)} and ${against}.`,
  );
  return `${lines.join('\n')}\n`;
}

async function push(argv: readonly string[], io: PsTabIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, {
    app: 'value',
    manifest: 'value',
    'dry-run': 'boolean',
  });
  const answersPath = onePositional(positionals, 'push', true) ?? '';
  const { file, layout, manifest } = await answersAndManifest(
    answersPath,
    flags.get('manifest'),
    io,
  );
  const key = appKey(flags.get('app'), file, answersPath);
  const manifestSupplied = manifest !== undefined;
  const flat = psTabJson(layout, file.ruleSet, file.answers, manifestSupplied);
  const open = psTabUnanswered(layout, file.ruleSet, file.answers, manifestSupplied);
  if (flags.has('dry-run')) {
    io.stdout.write(`${JSON.stringify(tabPutBody(flat), null, 2)}\n`);
  } else {
    const api = client(io, 'push the draft tab');
    // The current draft (or live tab) says where each field sits in the resource.
    let current: unknown;
    try {
      current = await api.getTab(key, 'draft');
    } catch (error) {
      if (!(error instanceof Error && 'status' in error && error.status === 404)) throw error;
    }
    const body = tabPutBody(flat, current);
    await api.putDraft(key, body);
    const sent = Object.values(flat).filter((v) => v !== null).length;
    io.stdout.write(
      `Pushed a new Privacy & Security draft for ${oneLine(key)}: ${sent} fields with a value. Submit it for approval on the Marketplace.\n`,
    );
  }
  if (open.length > 0) {
    io.stderr.write(`trust-assess: ${answersPath}: unanswered tab fields: ${open.join(', ')}\n`);
  }
  return PS_TAB_EXIT.ok;
}
