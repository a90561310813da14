import { api, type ClientResult } from '../api';
import type { RuleSetInfo } from '../../../../src/shared/api';

const cached = new Map<string, Promise<ClientResult<RuleSetInfo>>>();

/**
 * A published rule set never changes, so every view shares one request per version. Without a
 * version: the rule set new assessments use. An assessment renders the version it names.
 */
export function loadRuleSet(version?: string): Promise<ClientResult<RuleSetInfo>> {
  const key = version ?? '';
  let request = cached.get(key);
  if (!request) {
    request = api.getRuleSet(version ? { version } : {}).then((result) => {
      if (!result.ok) cached.delete(key);
      return result;
    });
    cached.set(key, request);
  }
  return request;
}

/** The rule set an assessment names: usually the current one, already loading in parallel. */
export async function ruleSetFor(
  version: string,
  current: ClientResult<RuleSetInfo>,
): Promise<ClientResult<RuleSetInfo>> {
  if (current.ok && current.data.current === version) return current;
  return loadRuleSet(version);
}
