import { api, type ClientResult } from '../api';
import type { RuleSetInfo } from '../../../../src/shared/api';

let cached: Promise<ClientResult<RuleSetInfo>> | undefined;

/** The rule set never changes while the page is open, so every view shares one request. */
export function loadRuleSet(): Promise<ClientResult<RuleSetInfo>> {
  cached ??= api.getRuleSet().then((result) => {
    if (!result.ok) cached = undefined;
    return result;
  });
  return cached;
}
