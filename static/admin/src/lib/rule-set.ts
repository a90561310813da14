import { CURRENT_RULE_SET, RULE_SETS } from 'virtual:rule-sets';
import { READINESS_LEVELS } from '../../../../src/domain/scoring/policy';
import { api, type ClientResult } from '../api';
import type { RuleSetInfo } from '../../../../src/shared/api';

const cached = new Map<string, Promise<ClientResult<RuleSetInfo>>>();

/**
 * The rule set an assessment renders, shipped with the page (scripts/rule-sets-plugin.ts):
 * no invoke, and one lazy chunk per version. A version this build does not carry (a backend
 * newer than the page, e.g. mid-deploy) is asked of the backend, which knows every version it
 * scores with. Without a version: the rule set new assessments use.
 */
export function loadRuleSet(version?: string): Promise<ClientResult<RuleSetInfo>> {
  const key = version ?? CURRENT_RULE_SET;
  let request = cached.get(key);
  if (!request) {
    request = load(key).then((result) => {
      if (!result.ok) cached.delete(key);
      return result;
    });
    cached.set(key, request);
  }
  return request;
}

async function load(ref: string): Promise<ClientResult<RuleSetInfo>> {
  const shipped = RULE_SETS[ref];
  if (!shipped) return api.getRuleSet({ version: ref });
  try {
    const ruleSet = await shipped.load();
    return {
      ok: true,
      data: {
        ruleSet,
        levels: READINESS_LEVELS,
        current: CURRENT_RULE_SET,
        upgrades: [...shipped.upgrades],
      },
    };
  } catch {
    // The chunk did not arrive (a flaky network or a deploy that replaced it): the backend has it.
    return api.getRuleSet({ version: ref });
  }
}

/** Starts loading a rule set's chunk early, e.g. while the assessment's own data is on its way. */
export function preloadRuleSet(version?: string): void {
  void loadRuleSet(version);
}
