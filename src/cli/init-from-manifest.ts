import { stringify } from 'yaml';
import { answersTemplate } from '../domain/export/template';
import type { ManifestFacts } from '../domain/manifest/facts';
import type { RulePack } from '../domain/rules/pack';
import { oneLine } from './errors';

/**
 * `trust-assess init --from-manifest`: the commented template of `init`, with every answer the
 * pack's `suggest(facts)` proposes filled in and, above it, why the manifest suggests it. The
 * suggestions are starting points the partner confirms; nothing else is filled in.
 */
export function initFromManifest(
  pack: RulePack,
  facts: ManifestFacts,
  manifestPath: string,
): string {
  const suggestions = pack.suggest(facts);
  const byQuestion = new Map<string, (typeof suggestions)[number]>();
  for (const s of suggestions) if (!byQuestion.has(s.questionId)) byQuestion.set(s.questionId, s);

  const lines = answersTemplate(pack.ruleSet).split('\n');
  const out: string[] = [
    `# Started from ${oneLine(manifestPath)} by trust-assess init --from-manifest: ${byQuestion.size} ${byQuestion.size === 1 ? 'answer' : 'answers'} suggested by the manifest.`,
    '# Each suggested answer says why; confirm it before relying on it, and answer the rest.',
  ];
  const filled = new Set<string>();
  for (const line of lines) {
    const id = /^ {2}([A-Za-z][A-Za-z0-9_-]*):$/.exec(line)?.[1];
    const suggestion = id === undefined ? undefined : byQuestion.get(id);
    if (id === undefined || suggestion === undefined) {
      out.push(line);
      continue;
    }
    const question = pack.ruleSet.questions.find((q) => q.id === id);
    const value = question?.type === 'multi-choice' ? [suggestion.value] : suggestion.value;
    out.push(`  #   suggested by the manifest: ${oneLine(suggestion.reason)}`);
    for (const fact of suggestion.facts) out.push(`  #     ${oneLine(fact)}`);
    out.push(`  ${stringify({ [id]: value }, { lineWidth: 0 }).trimEnd()}`);
    filled.add(id);
  }
  const missing = [...byQuestion.keys()].filter((id) => !filled.has(id));
  if (missing.length > 0) {
    throw new Error(`suggestions for questions the template lacks: ${missing.join(', ')}`);
  }
  return out.join('\n');
}
