import Resolver from '@forge/resolver';
import { randomUUID } from 'node:crypto';
import { CURRENT_RULE_SET } from './domain/rules/registry';
import { buildResolvers } from './resolvers';
import { AssessmentService } from './services/assessments';

const service = new AssessmentService({
  ruleSet: CURRENT_RULE_SET,
  now: () => Date.now(),
  newId: () => randomUUID(),
});

const resolver = new Resolver();
for (const [key, fn] of Object.entries(buildResolvers(service))) {
  resolver.define(key, fn);
}

export const handler = resolver.getDefinitions();
