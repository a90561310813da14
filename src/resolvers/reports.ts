import { exportAnswersFile, exportMarkdownReport } from '../services/answers-export';
import type { Operations } from './define';

/** The outputs surface: exports, manifest analysis and attaching a manifest to an assessment. */
export const reportOperations: Operations<
  'exportAssessment' | 'analyzeManifest' | 'attachManifest'
> = {
  exportAssessment: (payload, { service }) => {
    // The answers file, and the Markdown report with what the partner entered, are built from
    // the loaded assessment in src/services/answers-export.ts; the rest by the service.
    if ('answersFile' in payload) {
      return exportAnswersFile(service, { id: payload.id, format: payload.answersFile });
    }
    if (payload.format === 'markdown') return exportMarkdownReport(service, payload);
    return service.export(payload);
  },
  analyzeManifest: (payload, { service }) => service.analyzeManifest(payload),
  attachManifest: (payload, { service, actor }) => service.attachManifest(payload, actor),
};
