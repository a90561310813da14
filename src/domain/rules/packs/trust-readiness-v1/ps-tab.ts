import type { PsTabSectionsLayout } from '../../pack';

/**
 * v1 asks *about* the Privacy & Security tab, so its draft lists, per section of the tab, the
 * questions whose answers describe it. Rule set v2 asks for the tab's values instead.
 */
export const psTabV1: PsTabSectionsLayout = {
  kind: 'sections',
  sections: [
    { title: 'Data access and storage', questions: ['P1', 'P2', 'P3'] },
    { title: 'Third-party sharing and sub-processors', questions: ['P7'] },
    { title: 'Logging', questions: ['G4', 'P8'] },
    { title: 'Data residency', questions: ['P4', 'T5'] },
    { title: 'Data retention', questions: ['P6'] },
    { title: 'Security', questions: ['S6', 'S8', 'S9', 'S13', 'S16'] },
    { title: 'Privacy', questions: ['C2', 'G6', 'C4', 'C5', 'C3'] },
  ],
  statusQuestion: 'T1',
};
