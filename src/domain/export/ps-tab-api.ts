import type { ManifestFacts } from '../manifest/facts';
import type { PsTabFieldsLayout } from '../rules/pack';
import type { PsRange, PsRecord, PsValue } from './ps-tab-fields';

/**
 * The Marketplace `privacy-and-security` resource (REST v2, `TrustInfo`) and the flat
 * field-name object `psTabJson` prints. The documented sections are dataAccessAndStorage,
 * thirdPartyInformation, logDetails, dataResidency, dataRetention and privacy (with
 * privacyEnhancingTechniques and gdpr); where the documentation left the nesting out (gdpr's
 * inner objects, ccpa, security, the other fields, formStatus) `TAB_PATHS` is a guess. So
 * reading finds each field by name wherever it sits, and writing puts a field where the
 * current document already has it, and only otherwise at the guessed path.
 */
export const TAB_PATHS: Readonly<Record<string, readonly string[]>> = {
  typesOfDataAccessed: ['dataAccessAndStorage', 'typesOfDataAccessed'],
  appProcessEUDOutsideAtlassian: ['dataAccessAndStorage', 'appProcessEUDOutsideAtlassian'],
  appStoresEUDOutsideAtlassian: ['dataAccessAndStorage', 'appStoresEUDOutsideAtlassian'],
  isSameDataProcessedAndStored: ['dataAccessAndStorage', 'isSameDataProcessedAndStored'],
  typesOfDataStored: ['dataAccessAndStorage', 'typesOfDataStored'],
  isEndUserDataShared: ['thirdPartyInformation', 'isEndUserDataShared'],
  dataSubProcessors: ['thirdPartyInformation', 'dataSubProcessors'],
  thirdPartyDetails: ['thirdPartyInformation', 'thirdPartyDetails'],
  logEndUserData: ['logDetails', 'logEndUserData'],
  logProcessAndOrStoreEUDOutsideAtlassian: [
    'logDetails',
    'logProcessAndOrStoreEUDOutsideAtlassian',
  ],
  logEUDShareWithThirdParty: ['logDetails', 'logEUDShareWithThirdParty'],
  logsIntegralForAppFunctionality: ['logDetails', 'logsIntegralForAppFunctionality'],
  isDataResidencySupported: ['dataResidency', 'isDataResidencySupported'],
  countriesWhereEndUserDataStored: ['dataResidency', 'countriesWhereEndUserDataStored'],
  realmMigrationSupported: ['dataResidency', 'realmMigrationSupported'],
  inScopeDataTypes: ['dataResidency', 'inScopeDataTypes'],
  isDataRetentionSupported: ['dataRetention', 'isDataRetentionSupported'],
  retentionDurationInDays: ['dataRetention', 'retentionDurationInDays'],
  isCustomRetentionPeriodAllowed: ['dataRetention', 'isCustomRetentionPeriodAllowed'],
  isRetentionDurationIndefinite: ['dataRetention', 'isRetentionDurationIndefinite'],
  privacyEnhancingTechniques: ['privacy', 'privacyEnhancingTechniques'],
  // Guessed below this line: the documentation's example stops inside `privacy.gdpr`.
  isAppDataController: ['privacy', 'gdpr', 'dataController', 'isAppDataController'],
  isAppDataProcessor: ['privacy', 'gdpr', 'dataProcessor', 'isAppDataProcessor'],
  isEndUserDataTransferredOutsideEEA: ['privacy', 'gdpr', 'isEndUserDataTransferredOutsideEEA'],
  isTransferComplianceMechanismsAdhered: [
    'privacy',
    'gdpr',
    'isTransferComplianceMechanismsAdhered',
  ],
  isDPASupported: ['privacy', 'gdpr', 'isDPASupported'],
  isAppBusiness: ['privacy', 'ccpa', 'isAppBusiness'],
  isAppServiceProvider: ['privacy', 'ccpa', 'isAppServiceProvider'],
  isDiskEncryptionSupported: ['security', 'isDiskEncryptionSupported'],
  requiresUsersToProvidePATs: ['security', 'requiresUsersToProvidePATs'],
  securityContact: ['security', 'securityContact'],
  publicSecurityPoliciesLink: ['security', 'publicSecurityPoliciesLink'],
  permissionsJustification: ['security', 'permissionsJustification'],
  supportsConfigurableEgress: ['otherInformation', 'supportsConfigurableEgress'],
  hasRestAPIExtension: ['otherInformation', 'hasRestAPIExtension'],
  formStatus: ['formStatus'],
};

/** Fields Atlassian sets (the review status): read and compared, never written. */
export const READ_ONLY_TAB_FIELDS: ReadonlySet<string> = new Set(['formStatus']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where `key` first occurs in `doc` (depth first, document order), as a path. */
function findKey(doc: unknown, key: string, path: string[] = []): string[] | undefined {
  if (!isObject(doc)) return undefined;
  if (key in doc) return [...path, key];
  for (const [k, v] of Object.entries(doc)) {
    const found = findKey(v, key, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

function at(doc: unknown, path: readonly string[]): unknown {
  let here: unknown = doc;
  for (const key of path) {
    if (!isObject(here)) return undefined;
    here = here[key];
  }
  return here;
}

function toFlat(field: string, raw: unknown): PsValue {
  if (raw === undefined || raw === null) return null;
  if (field === 'thirdPartyDetails' && Array.isArray(raw)) {
    return raw.filter(isObject).map((r): PsRecord => ({
      name: typeof r.name === 'string' ? r.name : '',
      link: typeof r.link === 'string' ? r.link : '',
      purpose: typeof r.purpose === 'string' ? r.purpose : '',
      countries: stringList(r.thirdPartyCountries ?? r.countries),
    }));
  }
  if (field === 'privacyEnhancingTechniques' && isObject(raw)) {
    if (raw.arePrivacyEnhancingTechniquesSupported === false) return [];
    return stringList(raw.privacyEnhancingTechniquesSupported);
  }
  if (field === 'retentionDurationInDays' && isObject(raw)) {
    const range: PsRange = {
      min: typeof raw.min === 'number' ? raw.min : null,
      max: typeof raw.max === 'number' ? raw.max : null,
    };
    return range.min === null && range.max === null ? null : range;
  }
  if (Array.isArray(raw)) return stringList(raw);
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  return null;
}

function stringList(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
}

function toApi(field: string, value: Exclude<PsValue, null>): Json {
  if (field === 'thirdPartyDetails' && Array.isArray(value)) {
    return (value as PsRecord[]).map((r) => ({
      name: r.name,
      link: r.link,
      purpose: r.purpose,
      thirdPartyCountries: r.countries,
    }));
  }
  if (field === 'privacyEnhancingTechniques' && Array.isArray(value)) {
    return {
      arePrivacyEnhancingTechniquesSupported: value.length > 0,
      privacyEnhancingTechniquesSupported: value as string[],
    };
  }
  return value as Json;
}

/** The layout's field names, once each, in the form's order. */
export function tabFieldNames(layout: PsTabFieldsLayout): string[] {
  const out: string[] = [];
  for (const section of layout.sections) {
    for (const f of section.fields) if (!out.includes(f.field)) out.push(f.field);
  }
  return out;
}

/**
 * A `privacy-and-security` document (as GET returns it) as the flat object `psTabJson` prints:
 * every field of the layout, null when the document does not have it.
 */
export function flattenTab(layout: PsTabFieldsLayout, doc: unknown): Record<string, PsValue> {
  const out: Record<string, PsValue> = {};
  for (const field of tabFieldNames(layout)) {
    const path = findKey(doc, field) ?? TAB_PATHS[field] ?? [field];
    out[field] = toFlat(field, at(doc, path));
  }
  return out;
}

/**
 * The PUT body for a new draft: `{ appTrustInformation: TrustInfo }` with every field that
 * has a value, placed where `current` (the document GET returned, if any) has it, else at
 * `TAB_PATHS`. Null fields and the read-only status are left out.
 */
export function tabPutBody(
  flat: Readonly<Record<string, PsValue>>,
  current?: unknown,
): { appTrustInformation: Record<string, Json> } {
  const doc: Record<string, Json> = {};
  for (const [field, value] of Object.entries(flat)) {
    if (value === null || READ_ONLY_TAB_FIELDS.has(field)) continue;
    const path = (current !== undefined ? findKey(current, field) : undefined) ??
      TAB_PATHS[field] ?? [field];
    let here: Record<string, Json> = doc;
    for (const key of path.slice(0, -1)) {
      const next = here[key];
      if (next === undefined || next === null || typeof next !== 'object' || Array.isArray(next)) {
        here[key] = {};
      }
      here = here[key] as Record<string, Json>;
    }
    here[path[path.length - 1] ?? field] = toApi(field, value);
  }
  return { appTrustInformation: doc };
}

// ---- Drift ----

export interface PsTabDrift {
  kind: 'field' | 'sub-processor' | 'manifest';
  /** The tab field concerned. */
  field: string;
  /** The question whose answer holds the field, when one does. */
  questionId?: string;
  /** One line naming what differs. */
  message: string;
}

function show(value: PsValue): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((v) => (typeof v === 'string' ? v : (v as PsRecord).name)).join(', ');
  }
  if (typeof value === 'object') return `{ min: ${String(value.min)}, max: ${String(value.max)} }`;
  return String(value);
}

function norm(text: string): string {
  return text.trim().toLowerCase();
}

function sameValue(a: Exclude<PsValue, null>, b: PsValue): boolean {
  if (b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const key = (v: string | PsRecord) => norm(typeof v === 'string' ? v : v.name);
    const left = new Set((a as (string | PsRecord)[]).map(key));
    const right = new Set((b as (string | PsRecord)[]).map(key));
    return left.size === right.size && [...left].every((v) => right.has(v));
  }
  if (typeof a === 'object' || typeof b === 'object') {
    if (typeof a !== 'object' || typeof b !== 'object') return false;
    return a.min === b.min && a.max === b.max;
  }
  if (typeof a === 'string' && typeof b === 'string') return norm(a) === norm(b);
  return a === b;
}

/**
 * What the tab (`tab`, flattened) says that the answers (`expected`, from `psTabJson`) or the
 * manifest contradict. Empty when they agree. A field the answers leave open is not drift;
 * the review status is not compared (Atlassian sets it).
 */
export function psTabDrift(
  layout: PsTabFieldsLayout,
  expected: Readonly<Record<string, PsValue>>,
  tab: Readonly<Record<string, PsValue>>,
  manifest?: ManifestFacts,
): PsTabDrift[] {
  const questionOf = new Map<string, string>();
  for (const s of layout.sections) {
    for (const f of s.fields) if (!questionOf.has(f.field)) questionOf.set(f.field, f.questionId);
  }
  const out: PsTabDrift[] = [];
  const q = (field: string) => {
    const id = questionOf.get(field);
    return id === undefined ? {} : { questionId: id };
  };
  const qText = (field: string) => (questionOf.has(field) ? ` (${questionOf.get(field)})` : '');

  for (const field of tabFieldNames(layout)) {
    if (READ_ONLY_TAB_FIELDS.has(field)) continue;
    const want = expected[field] ?? null;
    const have = tab[field] ?? null;
    if (want === null) continue;
    if (field === 'thirdPartyDetails' && Array.isArray(want)) {
      const wanted = want as PsRecord[];
      const listed = Array.isArray(have) ? (have as PsRecord[]) : [];
      const listedNames = new Set(listed.map((r) => norm(typeof r === 'string' ? r : r.name)));
      const wantedNames = new Set(wanted.map((r) => norm(r.name)));
      for (const r of wanted) {
        if (listedNames.has(norm(r.name))) continue;
        out.push({
          kind: 'sub-processor',
          field,
          ...q(field),
          message: `${field}: sub-processor "${r.name}" is in the answers${qText(field)} but missing from the tab`,
        });
      }
      for (const r of listed) {
        const name = typeof r === 'string' ? r : r.name;
        if (wantedNames.has(norm(name))) continue;
        out.push({
          kind: 'sub-processor',
          field,
          ...q(field),
          message: `${field}: the tab lists sub-processor "${name}", which the answers${qText(field)} do not`,
        });
      }
      continue;
    }
    if (sameValue(want, have)) continue;
    out.push({
      kind: 'field',
      field,
      ...q(field),
      message:
        have === null
          ? `${field}: the answers${qText(field)} say ${show(want)}, the tab says nothing`
          : `${field}: the answers${qText(field)} say ${show(want)}, the tab says ${show(have)}`,
    });
  }

  if (manifest) out.push(...manifestDrift(tab, manifest));
  return out;
}

/** The manifest shows data leaving Atlassian that the tab says never leaves. */
function manifestDrift(
  tab: Readonly<Record<string, PsValue>>,
  manifest: ManifestFacts,
): PsTabDrift[] {
  const out: PsTabDrift[] = [];
  const processes = tab.appProcessEUDOutsideAtlassian;
  const stores = tab.appStoresEUDOutsideAtlassian;
  if (processes === false) {
    for (const egress of manifest.egress) {
      if (egress.category === 'analytics' || egress.inScopeEUD === false) continue;
      out.push({
        kind: 'manifest',
        field: 'appProcessEUDOutsideAtlassian',
        message: `appProcessEUDOutsideAtlassian: the manifest declares egress to ${egress.address} (permissions.external.${egress.kind}, not analytics), but the tab says no end-user data is processed outside Atlassian (false)`,
      });
    }
    for (const remote of manifest.remotes) {
      if (remote.inScopeEUD === false) continue;
      out.push({
        kind: 'manifest',
        field: 'appProcessEUDOutsideAtlassian',
        message: `appProcessEUDOutsideAtlassian: the manifest declares remote ${remote.key} (${remote.baseUrl}), but the tab says no end-user data is processed outside Atlassian (false)`,
      });
    }
  }
  if (stores === false) {
    for (const remote of manifest.remotes) {
      if (remote.inScopeEUD === false || !remote.operations.includes('storage')) continue;
      out.push({
        kind: 'manifest',
        field: 'appStoresEUDOutsideAtlassian',
        message: `appStoresEUDOutsideAtlassian: the manifest declares remote ${remote.key} (${remote.baseUrl}) with storage, but the tab says no end-user data is stored outside Atlassian (false)`,
      });
    }
  }
  return out;
}
