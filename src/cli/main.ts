import { isoDateSchema } from '../domain/answers';
import { assess } from '../domain/assess';
import {
  psTabDraft,
  psTabJson,
  psTabUnanswered,
  toCsv,
  toJson,
  toMarkdown,
  rulesToJson,
  rulesToMarkdown,
  rulesToMarkdownAll,
} from '../domain/export';
import { answersTemplate } from '../domain/export/template';
import { lensJson, renderLens, type LensView } from '../domain/lens';
import { READINESS_LEVELS, type ReadinessLevel } from '../domain/scoring/policy';
import type { Report } from '../domain/scoring/report';
import type { RulePack } from '../domain/rules/pack';
import { readAnswersFile } from './answers-file';
import { parseArgs, type FlagSpec } from './args';
import { CliInputError, UsageError, oneLine } from './errors';
import { initFromManifest } from './init-from-manifest';
import { readInput, readManifest } from './inputs';
import { lensIds, lensesFor } from './lenses';
import { MANIFEST_USAGE, manifestCommand } from './manifest-command';
import { MarketplaceError, type FetchLike } from './marketplace';
import { psTabCommand } from './ps-tab';
import { allPacks, currentPack, knownRuleSetRefs, latestPack, packByRef } from './rule-sets';
import { formatUpgrade } from './upgrade';
import { formatText } from './text-report';

export interface Writer {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  /** Reads a UTF-8 file; the path is already resolved against `cwd`. */
  readFile(absolutePath: string): Promise<string>;
  cwd: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock, injectable so tests pin "today"; only the CLI layer reads it. */
  now?: () => Date;
  /** HTTP for `ps-tab` (default: the global fetch); tests point it at 127.0.0.1. */
  fetch?: FetchLike;
  /** Waits before a retry (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

export const EXIT = { ok: 0, belowThreshold: 1, invalid: 2, internal: 3, marketplace: 4 } as const;

export const USAGE = `Usage: trust-assess <command> [options]

Commands:
  score <answers.yaml|answers.json>   Score an answers file
      --manifest <manifest.yml>       Check the answers against the app's Forge manifest
      --format text|json|markdown|csv|ps-tab|ps-tab-json
                                      Output format (default: text); ps-tab-json is the
                                      Privacy & Security tab as one JSON object (v2 on)
      --fail-under <level|score>      Exit 1 below a level (${READINESS_LEVELS.join(', ')})
                                      or below a score from 0 to 100
      --as-of <YYYY-MM-DD>            Assessment date (default: today, UTC)
      --lens <id>                     Add a buyer's view, deal-breakers first (text, json;
                                      rule set 2.0.0 on): eu-regulated, us-enterprise
                                      Scored on the rule set the file names; the app's JSON
                                      export (answers included) is an answers file too
  rules [--format markdown|json]      Print the rules (default: markdown, every published
      [--rule-set <id@version>]       rule set; json: the current one)
  init [--rule-set <id@version>]      Print a commented answers template
      [--from-manifest <manifest.yml>]
                                      ... with every answer the manifest suggests filled in
  upgrade <answers-file> --to <id@version>
                                      Print the file upgraded to a newer rule set, with
                                      comments for what could not be mapped
  ps-tab pull [<answers-file>] [--app <key>] [--state live|draft]
                                      Print the listing's Privacy & Security tab (JSON)
  ps-tab diff <answers-file> [--manifest <manifest.yml>] [--app <key>]
      [--state live|draft] [--tab <saved.json>] [--format text|json]
                                      Compare the tab with the answers and the manifest;
                                      exit 1 on drift
  ps-tab push <answers-file> [--manifest <manifest.yml>] [--app <key>] [--dry-run]
                                      Write the answers as the tab's new draft
                                      (MARKETPLACE_EMAIL, MARKETPLACE_API_TOKEN)
${MANIFEST_USAGE}
Options:
  -h, --help                          Show this help

Exit codes: 0 success, 1 below --fail-under or ps-tab drift, 2 invalid input or usage,
3 internal error, 4 the Marketplace refused or could not be reached.
`;

const SCORE_FORMATS = ['text', 'json', 'markdown', 'csv', 'ps-tab', 'ps-tab-json'] as const;
const RULES_FORMATS = ['markdown', 'json'] as const;

type Threshold = { level: ReadinessLevel } | { score: number };

/**
 * Runs one CLI invocation and returns its exit code. All effects go through `io`, so tests run
 * it in-process and the bin is a thin adapter.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`trust-assess: ${oneLine(error.message)}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    if (error instanceof CliInputError) {
      const field = error.field === undefined ? '' : `${oneLine(error.field)}: `;
      io.stderr.write(`trust-assess: ${oneLine(error.file)}: ${field}${oneLine(error.reason)}\n`);
      return EXIT.invalid;
    }
    if (error instanceof MarketplaceError) {
      io.stderr.write(`trust-assess: marketplace: ${oneLine(error.message)}\n`);
      return EXIT.marketplace;
    }
    const text = error instanceof Error ? error.message : String(error);
    io.stderr.write(`trust-assess: internal error: ${oneLine(text)}\n`);
    return EXIT.internal;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  switch (command) {
    case 'rules':
      return rulesCommand(rest, io);
    case 'init':
      return initCommand(rest, io);
    case 'score':
      return scoreCommand(rest, io);
    case 'upgrade':
      return upgradeCommand(rest, io);
    case 'ps-tab':
      return psTabCommand(rest, io);
    case 'manifest':
      return manifestCommand(rest, io);
    default:
      throw new UsageError(
        command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`,
      );
  }
}

function helpRequested(flags: Map<string, string>, io: CliIo): boolean {
  if (!flags.has('help')) return false;
  io.stdout.write(USAGE);
  return true;
}

function noPositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) {
    throw new UsageError(`${command} takes no arguments, got "${positionals[0] ?? ''}"`);
  }
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return found;
}

function packFlag(raw: string | undefined, flag: string): RulePack | undefined {
  if (raw === undefined) return undefined;
  const pack = packByRef(raw);
  if (!pack) {
    throw new UsageError(
      `${flag} must be one of ${knownRuleSetRefs().join(', ')}, got "${oneLine(raw)}"`,
    );
  }
  return pack;
}

function rulesCommand(argv: readonly string[], io: CliIo): number {
  const { positionals, flags } = parseArgs(argv, { format: 'value', 'rule-set': 'value' });
  if (helpRequested(flags, io)) return EXIT.ok;
  noPositionals(positionals, 'rules');
  const format = oneOf(flags.get('format') ?? 'markdown', RULES_FORMATS, '--format');
  const chosen = packFlag(flags.get('rule-set'), '--rule-set');
  if (format === 'json') {
    io.stdout.write(rulesToJson((chosen ?? currentPack()).ruleSet));
  } else {
    io.stdout.write(
      chosen
        ? rulesToMarkdown(chosen.ruleSet)
        : rulesToMarkdownAll(allPacks().map((p) => p.ruleSet)),
    );
  }
  return EXIT.ok;
}

async function initCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, {
    'rule-set': 'value',
    'from-manifest': 'value',
  });
  if (helpRequested(flags, io)) return EXIT.ok;
  noPositionals(positionals, 'init');
  const chosen = packFlag(flags.get('rule-set'), '--rule-set');
  const manifestPath = flags.get('from-manifest');
  if (manifestPath === undefined) {
    io.stdout.write(answersTemplate((chosen ?? currentPack()).ruleSet));
    return EXIT.ok;
  }
  const pack = chosen ?? latestPack();
  const facts = readManifest(await readInput(manifestPath, io), manifestPath);
  io.stdout.write(initFromManifest(pack, facts, manifestPath));
  return EXIT.ok;
}

async function upgradeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { to: 'value', 'as-of': 'value' });
  if (helpRequested(flags, io)) return EXIT.ok;
  const [answersPath, extra] = positionals;
  if (answersPath === undefined) throw new UsageError('upgrade needs an answers file');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const to = packFlag(flags.get('to'), '--to');
  if (!to) throw new UsageError('upgrade needs --to <id@version>');
  const file = readAnswersFile(await readInput(answersPath, io), answersPath);
  if (!to.upgrades?.[`${file.ruleSet.id}@${file.ruleSet.version}`] && file.pack !== to) {
    throw new CliInputError(
      answersPath,
      'ruleSet',
      `no upgrade from ${file.ruleSet.id}@${file.ruleSet.version} to ${to.ruleSet.id}@${to.ruleSet.version}`,
    );
  }
  io.stdout.write(formatUpgrade(file, to, parseAsOf(flags.get('as-of'), io)));
  return EXIT.ok;
}

const SCORE_FLAGS: FlagSpec = {
  manifest: 'value',
  format: 'value',
  'fail-under': 'value',
  'as-of': 'value',
  lens: 'value',
};

async function scoreCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, SCORE_FLAGS);
  if (helpRequested(flags, io)) return EXIT.ok;
  const [answersPath, extra] = positionals;
  if (answersPath === undefined) throw new UsageError('score needs an answers file');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const format = oneOf(flags.get('format') ?? 'text', SCORE_FORMATS, '--format');
  const failUnder = parseThreshold(flags.get('fail-under'));
  const asOf = parseAsOf(flags.get('as-of'), io);
  const lensId = flags.get('lens');
  if (lensId !== undefined && format !== 'text' && format !== 'json') {
    throw new UsageError('--lens works with --format text or json');
  }

  const file = await readAnswersFile(await readInput(answersPath, io), answersPath);
  const manifestPath = flags.get('manifest');
  const manifest =
    manifestPath === undefined
      ? undefined
      : readManifest(await readInput(manifestPath, io), manifestPath);

  const report = assess(file.pack, file.answers, {
    asOf,
    ...(manifest ? { manifest } : {}),
  });
  let lens: LensView | undefined;
  if (lensId !== undefined) {
    const lenses = lensesFor(file.pack);
    const chosen = lenses.find((l) => l.id === lensId);
    if (!chosen) {
      throw new CliInputError(
        answersPath,
        'ruleSet',
        lenses.length === 0
          ? `${file.ruleSet.id}@${file.ruleSet.version} has no buyer lenses; upgrade the file (trust-assess upgrade) to use --lens`
          : `no lens "${oneLine(lensId)}" in ${file.ruleSet.id}@${file.ruleSet.version}; known: ${lensIds(file.pack).join(', ')}`,
      );
    }
    lens = renderLens(chosen, file.ruleSet, file.answers, report);
  }

  switch (format) {
    case 'json':
      io.stdout.write(
        lens
          ? `${JSON.stringify({ ...(JSON.parse(toJson(report, file.app)) as object), lens: lensJson(lens) }, null, 2)}\n`
          : toJson(report, file.app),
      );
      break;
    case 'markdown':
      io.stdout.write(toMarkdown(file.ruleSet, report, { appName: file.app.name }));
      break;
    case 'csv':
      io.stdout.write(toCsv(file.ruleSet, report));
      break;
    case 'ps-tab':
      io.stdout.write(
        psTabDraft(file.pack.psTab, file.ruleSet, file.answers, report, {
          appName: file.app.name,
        }),
      );
      break;
    case 'ps-tab-json': {
      const layout = file.pack.psTab;
      if (layout.kind !== 'fields') {
        throw new CliInputError(
          answersPath,
          'ruleSet',
          `${file.ruleSet.id}@${file.ruleSet.version} asks about the Privacy & Security tab, not for its values; upgrade the file (trust-assess upgrade) to print ps-tab-json`,
        );
      }
      const json = psTabJson(layout, file.ruleSet, file.answers, report.manifestSupplied);
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      const open = psTabUnanswered(layout, file.ruleSet, file.answers, report.manifestSupplied);
      if (open.length > 0) {
        io.stderr.write(
          `trust-assess: ${answersPath}: unanswered tab fields: ${open.join(', ')}\n`,
        );
      }
      break;
    }
    case 'text':
      if (lens) io.stdout.write(formatLens(lens));
      io.stdout.write(formatText(file.ruleSet, report, file.app, { color: useColor(io) }));
      break;
  }

  if (failUnder && isBelow(report, failUnder)) {
    const wanted = 'level' in failUnder ? failUnder.level : String(failUnder.score);
    io.stderr.write(
      `trust-assess: ${answersPath}: overall: ${report.overall.level} (${report.overall.score.toFixed(1)}) is below --fail-under ${wanted}\n`,
    );
    return EXIT.belowThreshold;
  }
  return EXIT.ok;
}

function parseThreshold(raw: string | undefined): Threshold | undefined {
  if (raw === undefined) return undefined;
  const level = READINESS_LEVELS.find((l) => l === raw);
  if (level) return { level };
  if (/^\d{1,3}(\.\d+)?$/.test(raw)) {
    const value = Number(raw);
    if (value >= 0 && value <= 100) return { score: value };
  }
  throw new UsageError(
    `--fail-under must be a level (${READINESS_LEVELS.join(', ')}) or a number from 0 to 100, got "${raw}"`,
  );
}

function isBelow(report: Report, threshold: Threshold): boolean {
  if ('score' in threshold) return report.overall.score < threshold.score;
  return report.levels.indexOf(report.overall.level) < report.levels.indexOf(threshold.level);
}

function parseAsOf(raw: string | undefined, io: CliIo): string {
  if (raw === undefined) return (io.now?.() ?? new Date()).toISOString().slice(0, 10);
  if (!isoDateSchema.safeParse(raw).success) {
    throw new UsageError(`--as-of must be a date as YYYY-MM-DD, got "${raw}"`);
  }
  return raw;
}

function formatLens(lens: LensView): string {
  const lines = [`Buyer's view: ${lens.title} (--lens ${lens.id})`, `  ${lens.buyer}`];
  if (lens.dealBreakers.length === 0) {
    lines.push('  No deal-breakers for this buyer.');
  } else {
    lines.push(`  Deal-breakers (${lens.dealBreakers.length}):`);
    for (const d of lens.dealBreakers) lines.push(`    ${d.questionId}  ${oneLine(d.says)}`);
  }
  if (lens.questions.length > 0) {
    lines.push(`  Questions this buyer will ask (${lens.questions.length}):`);
    for (const q of lens.questions) lines.push(`    ${q.questionId}  ${oneLine(q.says)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

function useColor(io: CliIo): boolean {
  const env = io.env ?? {};
  return io.stdout.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** The bundled CLI defines this; there, the bundle's own entry runs the CLI. */
declare const __TRUST_ASSESS_BUNDLE__: boolean | undefined;

// `tsx src/cli/main.ts …` (npm scripts) runs the CLI without the bin.
if (require.main === module && typeof __TRUST_ASSESS_BUNDLE__ === 'undefined') {
  void import('./node-io').then((node) => node.runFromProcess());
}
