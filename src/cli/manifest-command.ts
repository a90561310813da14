import * as path from 'node:path';
import { isAtlassianHost } from '../domain/manifest/data-flows';
import type { ManifestFacts, OutdatedNote } from '../domain/manifest/facts';
import { ManifestParseError, readManifestFacts } from '../domain/manifest/read';
import {
  estimateRunsOnAtlassian,
  type RunsOnAtlassianCriterionId,
} from '../domain/manifest/runs-on-atlassian';
import type { RulePack } from '../domain/rules/pack';
import { parseArgs } from './args';
import { CliInputError, UsageError } from './errors';
import type { CliIo } from './main';
import { latestPack } from './rule-sets';

/**
 * `trust-assess manifest <manifest.yml> [--format text|json]`: what a Forge manifest proves
 * and presumes, the Runs on Atlassian estimate with every documented disqualifier and its line,
 * and the answers it suggests for the newest rule set. The JSON shape is stable (docs/cli.md):
 * fields may be added, none renamed or removed.
 */

export const MANIFEST_USAGE = `  manifest <manifest.yml>             What a Forge manifest proves and presumes, the Runs
      [--format text|json]            on Atlassian estimate and the suggested answers
`;

const FORMATS = ['text', 'json'] as const;

export interface ManifestReport {
  file: string;
  ruleSet: string;
  facts: {
    appId?: string;
    runtime?: string;
    modules: string[];
    scopes: string[];
    remotes: {
      key: string;
      baseUrl: string;
      operations: string[];
      /** Forge treats a remote as storing data with `storage` or with no operations at all. */
      storesData: boolean;
      inScopeEUD?: boolean;
      placeholders: string[];
      line?: number;
    }[];
    egress: {
      address: string;
      host: string;
      kind: string;
      category: 'analytics' | 'other';
      inScopeEUD?: boolean;
      wildcard: boolean;
      atlassianHost: boolean;
      placeholders: string[];
      line?: number;
    }[];
    webTriggers: { key: string; dynamic: boolean; line?: number }[];
    connectModules: boolean;
    connect: { key?: string; remote?: string; modules: string[] };
    providers: boolean;
    providerKeys: string[];
    configurableEgress: boolean;
    csp: ManifestFacts['csp'];
    usesForgeStorage: boolean;
    outdated: OutdatedNote[];
  };
  runsOnAtlassian: {
    eligible: boolean;
    disqualifiers: { id: RunsOnAtlassianCriterionId; fact: string; line?: number }[];
    notChecked: { id: RunsOnAtlassianCriterionId; reason: string }[];
  };
  suggestions: {
    questionId: string;
    value: string;
    strength: 'proves' | 'presumes';
    reason: string;
    facts: string[];
  }[];
}

export async function manifestCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { format: 'value' });
  if (flags.has('help')) {
    io.stdout.write(`Usage: trust-assess\n${MANIFEST_USAGE}`);
    return 0;
  }
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('manifest needs a manifest.yml');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const format = flags.get('format') ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  const facts = readFacts(await readText(file, io), file);
  const report = manifestReport(facts, file, latestPack());
  io.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
  return 0;
}

/** The report for one manifest's facts; pure, so tests and the corpus can call it. */
export function manifestReport(facts: ManifestFacts, file: string, pack: RulePack): ManifestReport {
  const estimate = estimateRunsOnAtlassian(facts);
  const cme = facts.customerManagedEgress;
  return {
    file,
    ruleSet: `${pack.ruleSet.id}@${pack.ruleSet.version}`,
    facts: {
      ...(facts.appId === undefined ? {} : { appId: facts.appId }),
      ...(facts.runtime === undefined ? {} : { runtime: facts.runtime }),
      modules: facts.modules,
      scopes: facts.scopes,
      remotes: facts.remotes.map((r) => ({
        key: r.key,
        baseUrl: r.baseUrl,
        operations: r.operations,
        storesData: r.operations.length === 0 || r.operations.includes('storage'),
        ...(r.inScopeEUD === undefined ? {} : { inScopeEUD: r.inScopeEUD }),
        placeholders: r.placeholders ?? [],
        ...(r.line === undefined ? {} : { line: r.line }),
      })),
      egress: facts.egress.map((e) => ({
        address: e.address,
        host: e.host ?? '',
        kind: e.kind,
        category: e.category,
        ...(e.inScopeEUD === undefined ? {} : { inScopeEUD: e.inScopeEUD }),
        wildcard: e.wildcard,
        atlassianHost: isAtlassianHost(e),
        placeholders: e.placeholders ?? [],
        ...(e.line === undefined ? {} : { line: e.line }),
      })),
      webTriggers: facts.webTriggers.map((t) => ({
        key: t.key,
        dynamic: t.dynamic,
        ...(t.line === undefined ? {} : { line: t.line }),
      })),
      connectModules: (facts.connect?.modules.length ?? 0) > 0,
      connect: {
        ...(facts.connect?.key === undefined ? {} : { key: facts.connect.key }),
        ...(facts.connect?.remote === undefined ? {} : { remote: facts.connect.remote }),
        modules: facts.connect?.modules ?? [],
      },
      providers: (facts.providers ?? []).length > 0,
      providerKeys: facts.providers ?? [],
      configurableEgress: cme !== undefined && (cme.egress || cme.remotes.length > 0),
      csp: facts.csp,
      usesForgeStorage: facts.usesForgeStorage,
      outdated: facts.outdated ?? [],
    },
    runsOnAtlassian: {
      eligible: estimate.eligible,
      disqualifiers: estimate.disqualifiers.map((d) => ({
        id: d.id,
        fact: d.fact,
        ...(d.line === undefined ? {} : { line: d.line }),
      })),
      notChecked: estimate.criteria
        .filter((c) => c.status === 'not-checked')
        .map((c) => ({ id: c.id, reason: c.reason })),
    },
    suggestions: pack.suggest(facts).map((s) => ({
      questionId: s.questionId,
      value: s.value,
      // A pack that predates strengths only guesses; call it a presumption.
      strength: s.strength ?? 'presumes',
      reason: s.reason,
      facts: s.facts,
    })),
  };
}

function at(line: number | undefined): string {
  return line === undefined ? '' : ` (line ${line})`;
}

export function formatText(report: ManifestReport): string {
  const { facts, runsOnAtlassian: roa } = report;
  const lines: string[] = [`Manifest ${report.file}`, ''];
  lines.push(`Runtime: ${facts.runtime ?? '(none declared)'}`);
  lines.push(`Scopes: ${facts.scopes.length === 0 ? '(none)' : facts.scopes.join(', ')}`);
  lines.push('', 'What the manifest proves:');
  if (facts.egress.length === 0) lines.push('  no egress');
  for (const e of facts.egress) {
    const notes = [
      e.category === 'analytics' ? 'analytics' : undefined,
      e.wildcard ? 'wildcard host' : undefined,
      e.atlassianHost ? "Atlassian's own host" : undefined,
      e.placeholders.length > 0 ? `placeholders ${e.placeholders.join(', ')}` : undefined,
      e.inScopeEUD === undefined ? 'inScopeEUD not declared' : `inScopeEUD: ${e.inScopeEUD}`,
    ].filter((n) => n !== undefined);
    lines.push(`  egress ${e.kind}: ${e.address} [${notes.join('; ')}]${at(e.line)}`);
  }
  if (facts.remotes.length === 0) lines.push('  no remotes');
  for (const r of facts.remotes) {
    const ops = r.operations.length === 0 ? 'no operations' : r.operations.join(', ');
    const eud = r.inScopeEUD === undefined ? '' : `; storage.inScopeEUD: ${r.inScopeEUD}`;
    lines.push(`  remote ${r.key}: ${r.baseUrl || '(no baseUrl)'} [${ops}${eud}]${at(r.line)}`);
  }
  for (const t of facts.webTriggers) {
    lines.push(`  web trigger ${t.key}: ${t.dynamic ? 'dynamic' : 'static'}${at(t.line)}`);
  }
  if (facts.connectModules || facts.connect.remote !== undefined) {
    lines.push(
      `  Connect on Forge: ${[...facts.connect.modules, facts.connect.remote].join(', ')}`,
    );
  }
  if (facts.providers) lines.push(`  providers: ${facts.providerKeys.join(', ') || '(no key)'}`);
  if (facts.configurableEgress) lines.push('  customer-managed egress or remotes');
  if (facts.outdated.length > 0) {
    lines.push('', 'Outdated against the current manifest schema (read anyway):');
    for (const o of facts.outdated) lines.push(`  ${o.path}${at(o.line)}: ${o.note}`);
  }
  lines.push('', `Runs on Atlassian (estimate): ${roa.eligible ? 'eligible' : 'not eligible'}`);
  for (const d of roa.disqualifiers) lines.push(`  ${d.id}: ${d.fact}${at(d.line)}`);
  for (const n of roa.notChecked) lines.push(`  ${n.id}: ${n.reason}`);
  lines.push('', `Suggested answers (${report.ruleSet}):`);
  for (const s of report.suggestions) {
    const tag = s.strength === 'proves' ? 'proves' : 'confirm this';
    lines.push(
      `  ${s.questionId} = ${s.value} [${tag}]: ${s.reason.replace(/^confirm this: /, '')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function readText(file: string, io: CliIo): Promise<string> {
  try {
    return await io.readFile(path.resolve(io.cwd, file));
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, expected a file'
          : `cannot read the file${code ? ` (${code})` : ''}`;
    throw new CliInputError(file, undefined, reason);
  }
}

function readFacts(text: string, file: string): ManifestFacts {
  try {
    return readManifestFacts(text);
  } catch (error) {
    if (!(error instanceof ManifestParseError)) throw error;
    const field = error.path ?? (error.line !== undefined ? `line ${error.line}` : undefined);
    const reason =
      error.path && error.message.startsWith(`${error.path} `)
        ? error.message.slice(error.path.length + 1)
        : error.message.replace(/ at line \d+(, column \d+)?/, '');
    throw new CliInputError(file, field, reason);
  }
}
