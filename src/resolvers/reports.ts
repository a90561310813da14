import type { Operations } from './define';

/** The outputs surface: exports and manifest analysis. */
export const reportOperations: Operations<'exportAssessment' | 'analyzeManifest'> = {
  exportAssessment: (payload, { service }) => service.export(payload),
  analyzeManifest: (payload, { service }) => service.analyzeManifest(payload),
};
