import type { PsTabFieldsLayout } from '../../pack';

/**
 * The Privacy & Security tab as the Marketplace form orders it (trust-catalogue-2026.md §1),
 * each field filled from the question carrying its `psField`.
 */
export const psTabV2: PsTabFieldsLayout = {
  kind: 'fields',
  statusQuestion: 'T1',
  sections: [
    {
      title: 'Data access & storage',
      fields: [
        {
          field: 'typesOfDataAccessed',
          label: 'Types of end-user data accessed',
          questionId: 'P11',
          shape: 'list',
        },
        {
          field: 'appProcessEUDOutsideAtlassian',
          label: 'Processes end-user data outside Atlassian',
          questionId: 'P2',
        },
        {
          field: 'appStoresEUDOutsideAtlassian',
          label: 'Stores end-user data outside Atlassian',
          questionId: 'P1',
        },
        {
          field: 'isSameDataProcessedAndStored',
          label: 'Same data processed and stored',
          questionId: 'P12',
        },
        {
          field: 'typesOfDataStored',
          label: 'Types of end-user data stored',
          questionId: 'P3',
          shape: 'list',
        },
      ],
    },
    {
      title: 'Third parties',
      fields: [
        {
          field: 'isEndUserDataShared',
          label: 'End-user data shared with third parties',
          questionId: 'P13',
        },
        { field: 'dataSubProcessors', label: 'Sub-processor list', questionId: 'P14' },
        { field: 'thirdPartyDetails', label: 'Third parties', questionId: 'P15', shape: 'records' },
      ],
    },
    {
      title: 'Logging',
      fields: [
        { field: 'logEndUserData', label: 'Logs end-user data', questionId: 'L1' },
        {
          field: 'logProcessAndOrStoreEUDOutsideAtlassian',
          label: 'Logs with end-user data processed or stored outside Atlassian',
          questionId: 'L2',
        },
        {
          field: 'logEUDShareWithThirdParty',
          label: 'Logs with end-user data shared with third parties',
          questionId: 'L3',
        },
        {
          field: 'logsIntegralForAppFunctionality',
          label: 'Logs integral to app functionality',
          questionId: 'L4',
        },
      ],
    },
    {
      title: 'Data residency',
      fields: [
        { field: 'isDataResidencySupported', label: 'Data residency', questionId: 'P4' },
        {
          field: 'countriesWhereEndUserDataStored',
          label: 'Countries where end-user data is stored',
          questionId: 'P16',
          shape: 'list',
        },
        { field: 'realmMigrationSupported', label: 'Realm migration supported', questionId: 'P17' },
        {
          field: 'inScopeDataTypes',
          label: 'Data types in scope of data residency',
          questionId: 'T7',
          shape: 'list',
        },
      ],
    },
    {
      title: 'Data retention',
      fields: [
        { field: 'isDataRetentionSupported', label: 'Data retention applied', questionId: 'P18' },
        {
          field: 'retentionDurationInDays',
          label: 'Retention duration in days',
          questionId: 'P19',
          shape: 'min',
        },
        {
          field: 'retentionDurationInDays',
          label: 'Retention duration in days',
          questionId: 'P20',
          shape: 'max',
        },
        {
          field: 'isCustomRetentionPeriodAllowed',
          label: 'Customer-set retention period',
          questionId: 'P21',
        },
        {
          field: 'isRetentionDurationIndefinite',
          label: 'Retention indefinite',
          questionId: 'P22',
        },
      ],
    },
    {
      title: 'Privacy',
      fields: [
        {
          field: 'privacyEnhancingTechniques',
          label: 'Privacy-enhancing techniques',
          questionId: 'P23',
          shape: 'list',
        },
      ],
    },
    {
      title: 'GDPR',
      fields: [
        { field: 'isAppDataController', label: 'GDPR data controller', questionId: 'C2' },
        { field: 'isAppDataProcessor', label: 'GDPR data processor', questionId: 'G5' },
        {
          field: 'isEndUserDataTransferredOutsideEEA',
          label: 'End-user data transferred outside the EEA',
          questionId: 'G6',
        },
        {
          field: 'isTransferComplianceMechanismsAdhered',
          label: 'Transfer mechanism (e.g. SCCs) adhered to',
          questionId: 'C4',
        },
        {
          field: 'isDPASupported',
          label: 'Data processing agreement (DPA) offered',
          questionId: 'C3',
        },
      ],
    },
    {
      title: 'CCPA',
      fields: [
        { field: 'isAppBusiness', label: 'CCPA business', questionId: 'C5' },
        { field: 'isAppServiceProvider', label: 'CCPA service provider', questionId: 'C11' },
      ],
    },
    {
      title: 'Security',
      fields: [
        { field: 'isDiskEncryptionSupported', label: 'Disk encryption', questionId: 'S6' },
        {
          field: 'requiresUsersToProvidePATs',
          label: 'Requires users to provide personal access tokens',
          questionId: 'S8',
        },
        { field: 'securityContact', label: 'Security contact', questionId: 'S13' },
        {
          field: 'publicSecurityPoliciesLink',
          label: 'Public security policy link',
          questionId: 'S16',
        },
        { field: 'permissionsJustification', label: 'Scope justification', questionId: 'S17' },
      ],
    },
    {
      title: 'Other',
      fields: [
        { field: 'supportsConfigurableEgress', label: 'Configurable egress', questionId: 'S18' },
        { field: 'hasRestAPIExtension', label: 'REST API extension', questionId: 'S19' },
      ],
    },
    {
      title: 'Status',
      fields: [{ field: 'formStatus', label: 'Form status', questionId: 'T1' }],
    },
  ],
};
