import { assess } from '../../../src/domain/assess';
import { psTabDraft, psTabJson, rulesToJsonValue } from '../../../src/domain/export';
import { CHECKED_SOURCE_URLS } from '../../../src/domain/rules/packs/trust-readiness-v2/sources';
import { trustReadinessV2, ruleSetV2 } from '../../../src/domain/rules/packs/trust-readiness-v2';
import { psTabV2 } from '../../../src/domain/rules/packs/trust-readiness-v2/ps-tab';
import { AS_OF, SEED_ANSWERS, SEED_GATES, allPassingV2 } from './v2-support';

/** §1 of ../shared/trust-catalogue-2026.md, in the form's order. */
const TAB_FIELDS = [
  'typesOfDataAccessed',
  'appProcessEUDOutsideAtlassian',
  'appStoresEUDOutsideAtlassian',
  'isSameDataProcessedAndStored',
  'typesOfDataStored',
  'isEndUserDataShared',
  'dataSubProcessors',
  'thirdPartyDetails',
  'logEndUserData',
  'logProcessAndOrStoreEUDOutsideAtlassian',
  'logEUDShareWithThirdParty',
  'logsIntegralForAppFunctionality',
  'isDataResidencySupported',
  'countriesWhereEndUserDataStored',
  'realmMigrationSupported',
  'inScopeDataTypes',
  'isDataRetentionSupported',
  'retentionDurationInDays',
  'isCustomRetentionPeriodAllowed',
  'isRetentionDurationIndefinite',
  'privacyEnhancingTechniques',
  'isAppDataController',
  'isAppDataProcessor',
  'isEndUserDataTransferredOutsideEEA',
  'isTransferComplianceMechanismsAdhered',
  'isDPASupported',
  'isAppBusiness',
  'isAppServiceProvider',
  'isDiskEncryptionSupported',
  'requiresUsersToProvidePATs',
  'securityContact',
  'publicSecurityPoliciesLink',
  'permissionsJustification',
  'supportsConfigurableEgress',
  'hasRestAPIExtension',
  'formStatus',
];

describe('rule set v2', () => {
  it('gives every Privacy & Security tab field a question (psField in rules JSON)', () => {
    const fields = new Set(rulesToJsonValue(ruleSetV2).questions.map((q) => q.psField));
    expect(TAB_FIELDS.filter((f) => !fields.has(f))).toEqual([]);
  });

  it('lays the tab out in the form order, every field once', () => {
    const order = [...new Set(psTabV2.sections.flatMap((s) => s.fields.map((f) => f.field)))];
    expect(order).toEqual(TAB_FIELDS);
  });

  it('cites only sources from the checked list (pages listed in the 2026 catalogue)', () => {
    const cited = ruleSetV2.questions.flatMap((q) => q.sources.map((s) => s.url));
    expect([...new Set(cited)].filter((u) => !CHECKED_SOURCE_URLS.includes(u))).toEqual([]);
  });

  it("asks S8 in the tab's polarity: requiring tokens fails", () => {
    const answers = allPassingV2(SEED_GATES, { S8: { value: 'yes' } });
    const report = assess(trustReadinessV2, answers, { asOf: AS_OF });
    expect(report.blockers.map((b) => b.questionId)).toContain('S8');
    expect(psTabJson(psTabV2, ruleSetV2, answers).requiresUsersToProvidePATs).toBe(true);
  });

  it('never lets a Cloud Fortified item cap the level', () => {
    const answers = allPassingV2(SEED_GATES, { R1: { value: 90 }, R2: { value: 'no' } });
    const report = assess(trustReadinessV2, answers, { asOf: AS_OF });
    expect(report.overall.cappedBy).toEqual([]);
    expect(report.overall.level).toBe('exemplary');
  });

  it('labels DPA and transfers as legal duties, asks residency of every app, R3 of Connect', () => {
    const byId = new Map(ruleSetV2.questions.map((q) => [q.id, q]));
    expect([byId.get('C3')?.severityLabel, byId.get('C4')?.severityLabel]).toEqual([
      'legal',
      'legal',
    ]);
    expect([byId.get('P4')?.when, byId.get('P16')?.when]).toEqual([undefined, undefined]);
    expect(byId.get('R3')?.when).toEqual({ question: 'G1', equals: 'connect' });
  });

  it('judges each certification on its own evidence and expiry', () => {
    const expired = { url: 'https://example.com/c', expires: '2026-01-01' };
    const fresh = { url: 'https://example.com/t', expires: '2027-01-01' };
    const c7 = (answer: Parameters<typeof allPassingV2>[1]) =>
      assess(trustReadinessV2, allPassingV2(SEED_GATES, answer), { asOf: AS_OF }).questions.find(
        (q) => q.id === 'C7',
      );
    expect(
      c7({ C7: { value: ['iso27001', 'tisax'], optionEvidence: { iso27001: expired } } })?.credit,
    ).toBe(0.5);
    expect(c7({ C7: { value: ['iso27001'], optionEvidence: { iso27001: fresh } } })?.outcome).toBe(
      'pass',
    );
  });
});

describe('the seed journey on v2', () => {
  const report = assess(trustReadinessV2, SEED_ANSWERS, { asOf: AS_OF });

  it('is not at the top level', () => {
    expect(report.overall.level).not.toBe('exemplary');
  });

  it('puts data residency and certification among the first three actions', () => {
    const first = report.actions.slice(0, 3).map((a) => a.questionId);
    expect(first).toEqual(expect.arrayContaining(['P4', 'C7']));
    expect(report.actions.find((a) => a.questionId === 'P4')?.unlocks).toMatch(/P4/);
  });

  it('shows the storage countries and "data residency: not supported" in the tab draft', () => {
    const draft = psTabDraft(psTabV2, ruleSetV2, SEED_ANSWERS, report, { appName: 'Seed App' });
    expect(draft).toContain(
      '**Countries where end-user data is stored** (`countriesWhereEndUserDataStored`): United States',
    );
    expect(draft).toContain('**Data residency** (`isDataResidencySupported`): Not supported');
    const json = psTabJson(psTabV2, ruleSetV2, SEED_ANSWERS);
    expect([json.countriesWhereEndUserDataStored, json.isDataResidencySupported]).toEqual([
      ['United States'],
      'NOT_SUPPORTED',
    ]);
  });
});

describe('next best actions on v2', () => {
  it('ranks a failed blocker before any score-only gain, and says what it unlocks', () => {
    const answers = allPassingV2(SEED_GATES, {
      S8: { value: 'yes' },
      S16: {},
      P23: {},
      S17: {},
    });
    const report = assess(trustReadinessV2, answers, { asOf: AS_OF });
    expect(report.actions[0]?.questionId).toBe('S8');
    expect(report.actions[0]?.unlocks).toMatch(/^fixing S8 lifts the level from Not ready to /);
  });

  it('lists manifest-settled failures as "change the manifest" actions', () => {
    const answers = allPassingV2({ ...SEED_GATES, G1: 'forge-hosted', G2: 'yes' });
    const manifest = {
      appId: undefined,
      runtime: undefined,
      modules: [],
      scopes: [],
      egress: [
        {
          address: '*.example.com',
          kind: 'fetch.backend',
          category: 'other' as const,
          inScopeEUD: true,
          wildcard: true,
        },
      ],
      remotes: [],
      webTriggers: [],
      csp: { scriptsUnsafeInline: false, scriptsUnsafeEval: false, stylesUnsafeInline: false },
      usesForgeStorage: true,
    };
    const report = assess(trustReadinessV2, answers, { asOf: AS_OF, manifest });
    const s12 = report.actions.find((a) => a.questionId === 'S12');
    expect([s12?.via, s12?.unlocks]).toEqual([
      'manifest',
      expect.stringContaining('change the manifest') as string,
    ]);
  });
});
