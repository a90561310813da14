import Resolver from '@forge/resolver';
import { randomUUID } from 'node:crypto';
import { LATEST_PACK } from './domain/rules/packs';
import { buildResolvers } from './resolvers';
import { AssessmentService } from './services/assessments';
import { runPersonalDataReporting } from './services/personal-data';

// New assessments use the newest rule set; stored ones keep theirs until someone upgrades them.
const service = new AssessmentService({
  pack: LATEST_PACK,
  now: () => Date.now(),
  newId: () => randomUUID(),
});

const resolver = new Resolver();
for (const [key, fn] of Object.entries(buildResolvers(service))) {
  resolver.define(key, fn);
}

export const handler = resolver.getDefinitions();

/**
 * The weekly scheduled trigger (manifest `personal-data-reporting`): Atlassian's personal data
 * reporting for every account id the app stores. A scheduled trigger must answer with a
 * status code, or the platform records a 424; a failure is logged and retried next week.
 */
export const reportPersonalData = async (): Promise<{ statusCode: number }> => {
  try {
    const run = await runPersonalDataReporting();
    console.log(
      `[trust-readiness] personal data: ${run.reported} accounts reported, ${run.closed} closed, ${run.recordsErased} records erased`,
    );
    return { statusCode: 204 };
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(`[trust-readiness] personal data reporting failed: ${detail}`);
    return { statusCode: 500 };
  }
};
