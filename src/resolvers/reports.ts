import type { Operations } from './define';

/** The outputs surface: exports, manifest analysis and attaching a manifest to an assessment. */
export const reportOperations: Operations<
  'exportAssessment' | 'analyzeManifest' | 'attachManifest'
> = {
  exportAssessment: (payload, { service }) => service.export(payload),
  analyzeManifest: (payload, { service }) => service.analyzeManifest(payload),
  attachManifest: (payload, { service, actor }) => service.attachManifest(payload, actor),
};
