import type { Answers } from '../domain/answers';
import { toAnswersFile, toAnswersFileJson } from '../domain/answers-file';
import { toMarkdown } from '../domain/export';
import type { AppMeta } from '../domain/export/types';
import type { RulePack } from '../domain/rules/pack';
import { findPack } from '../domain/rules/packs';
import type { AnswersFileExportFormat, AssessmentDetail, ExportResult } from '../shared/api';
import type { AssessmentService } from './assessments';

/**
 * Exports that carry what the partner entered, built from the assessment the service loads
 * (`AssessmentService.get`): the CLI's answers file (YAML or JSON) and the Markdown report
 * with the evidence, notes and N/A justifications. src/resolvers/reports.ts routes these
 * formats here; the other formats stay with `AssessmentService.export`.
 */

/** The file name stem of an assessment's exports, as `AssessmentService.export` makes it. */
function fileBase(appName: string): string {
  return appName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '') || 'assessment';
}

function appOf(detail: AssessmentDetail): AppMeta {
  return {
    name: detail.assessment.appName,
    ...(detail.assessment.appKey ? { key: detail.assessment.appKey } : {}),
    hosting: detail.assessment.hosting,
  };
}

function packOf(detail: AssessmentDetail): RulePack {
  const pack = findPack(detail.assessment.ruleSetVersion);
  if (!pack) throw new Error(`unknown rule set ${detail.assessment.ruleSetVersion}`);
  return pack;
}

/**
 * The answers to the questions of the assessment's rule set. Answers kept from before an
 * upgrade (`retiredAnswers`) are not scored, and the CLI would refuse the file over them.
 */
function currentAnswers(pack: RulePack, answers: Answers): Answers {
  const known = new Set(pack.ruleSet.questions.map((q) => q.id));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => known.has(id)));
}

/**
 * The assessment as the answers file `trust-assess score` reads: the CLI's YAML, or the same
 * document as JSON. Importing it into another assessment of the same app and exporting that
 * gives the same bytes.
 */
export async function exportAnswersFile(
  service: AssessmentService,
  input: { id: string; format: AnswersFileExportFormat },
): Promise<ExportResult> {
  const detail = await service.get(input.id);
  const pack = packOf(detail);
  const answers = currentAnswers(pack, detail.answers);
  const ref = detail.assessment.ruleSetVersion;
  const base = fileBase(detail.assessment.appName);
  if (input.format === 'answers-json') {
    return {
      format: 'answers-json',
      filename: `${base}-answers.json`,
      mimeType: 'application/json',
      content: toAnswersFileJson(ref, answers, appOf(detail)),
    };
  }
  return {
    format: 'answers-yaml',
    filename: `${base}-answers.yaml`,
    mimeType: 'application/yaml',
    content: toAnswersFile(ref, answers, appOf(detail)),
  };
}

/** The Markdown report with what the partner entered beside each value. */
export async function exportMarkdownReport(
  service: AssessmentService,
  input: { id: string },
): Promise<ExportResult> {
  const detail = await service.get(input.id);
  const pack = packOf(detail);
  return {
    format: 'markdown',
    filename: `${fileBase(detail.assessment.appName)}-trust-readiness.md`,
    mimeType: 'text/markdown',
    content: toMarkdown(pack.ruleSet, detail.report, {
      appName: detail.assessment.appName,
      answers: detail.answers,
    }),
  };
}
