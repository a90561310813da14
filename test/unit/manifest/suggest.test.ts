import type { ManifestFacts } from '../../../src/domain/manifest/facts';
import { suggestAnswers, type Suggestion } from '../../../src/domain/manifest/suggest';
import { facts, fixtureFacts } from './fixtures';

function valuesOf(manifest: ManifestFacts): Record<string, string> {
  return Object.fromEntries(suggestAnswers(manifest).map((s) => [s.questionId, s.value]));
}

function suggestion(manifest: ManifestFacts, questionId: string): Suggestion | undefined {
  return suggestAnswers(manifest).find((s) => s.questionId === questionId);
}

describe('suggestAnswers', () => {
  it('suggests the answers of a Forge-only app from its manifest', () => {
    expect(valuesOf(fixtureFacts('runs-on-atlassian'))).toEqual({
      G1: 'forge-hosted',
      G2: 'yes',
      G3: 'yes',
      P1: 'no',
      S12: 'yes',
      P9: 'yes',
      P5: 'yes',
      P10: 'yes',
    });
  });

  it('suggests the answers of a Forge Remote app with egress', () => {
    expect(valuesOf(fixtureFacts('remote-and-egress'))).toEqual({
      G1: 'forge-remote',
      G2: 'yes',
      G3: 'yes',
      G4: 'yes',
      P1: 'yes',
      P2: 'yes',
      S12: 'no',
      S11: 'no',
      P9: 'no',
      P5: 'no',
      P10: 'no',
    });
  });

  it('suggests no data leaves when nothing in the manifest can send it', () => {
    const suggestions = suggestAnswers(fixtureFacts('no-egress'));
    const p1 = suggestions.find((s) => s.questionId === 'P1');
    expect(p1).toEqual({
      questionId: 'P1',
      value: 'no',
      reason: expect.stringContaining('nothing in the manifest can send data out') as string,
      facts: [],
    });
    expect(valuesOf(fixtureFacts('no-egress'))).toEqual({
      G1: 'forge-hosted',
      G2: 'no',
      G3: 'no',
      G4: 'no',
      P1: 'no',
      P2: 'no',
      P10: 'yes',
    });
  });

  it('says "likely" when P1 rests on Forge presuming egress carries end-user data', () => {
    const p1 = suggestion(fixtureFacts('remote-and-egress'), 'P1');
    expect(p1?.reason).toMatch(/^likely/);
    expect(p1?.facts).toContain('permissions.external.fetch.backend: api.acme-sync.io');
    expect(p1?.facts).toContain('remotes.acme-backend: https://api.acme-sync.io');
  });

  it.each<[string, Partial<ManifestFacts>, string | undefined]>([
    ['compute-only remote', { remotes: [remote(['compute'], undefined)] }, 'no'],
    ['remote without operations', { remotes: [remote([], undefined)] }, 'yes'],
    ['storage remote with inScopeEUD false', { remotes: [remote(['storage'], false)] }, 'no'],
    ['egress declared inScopeEUD false', { egress: [egress('other', false)] }, 'no'],
    ['egress without inScopeEUD', { egress: [egress('other', undefined)] }, 'yes'],
    ['analytics egress without inScopeEUD', { egress: [egress('analytics', undefined)] }, 'no'],
    ['analytics egress with inScopeEUD true', { egress: [egress('analytics', true)] }, 'yes'],
  ])('suggests P1 for a %s', (_name, overrides, expected) => {
    expect(suggestion(facts(overrides), 'P1')?.value).toBe(expected);
  });

  it('points at the remote whose storage inScopeEUD is missing for P5', () => {
    expect(suggestion(fixtureFacts('remote-storage-undeclared'), 'P5')).toEqual({
      questionId: 'P5',
      value: 'no',
      reason: expect.any(String) as string,
      facts: ['remotes.glossary-store: https://glossary.example.com'],
    });
  });

  it('never suggests S11 yes: a clean CSP does not prove input validation', () => {
    expect(suggestion(fixtureFacts('runs-on-atlassian'), 'S11')).toBeUndefined();
  });

  it('names the wildcard entries for S12', () => {
    expect(suggestion(fixtureFacts('remote-and-egress'), 'S12')?.facts).toEqual([
      'permissions.external.images: *.acme-cdn.net',
    ]);
  });
});

function remote(
  operations: string[],
  inScopeEUD: boolean | undefined,
): ManifestFacts['remotes'][number] {
  return { key: 'backend', baseUrl: 'https://backend.example.com', inScopeEUD, operations };
}

function egress(
  category: 'analytics' | 'other',
  inScopeEUD: boolean | undefined,
): ManifestFacts['egress'][number] {
  return {
    address: 'api.example.com',
    kind: 'fetch.backend',
    category,
    inScopeEUD,
    wildcard: false,
  };
}
