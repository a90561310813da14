/** Compatibility path: rule set v1 now lives in its pack, rules/packs/trust-readiness-v1/. */
export { ruleSetV1 } from '../packs/trust-readiness-v1';
export { checkRuleSetIntegrity } from '../integrity';
