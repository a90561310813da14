import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalPlatform } from '../../src/local/platform';
import { invoke, ok, startPlatform } from '../support/platform';

/** Real public Forge manifests through the real resolvers: none may answer INTERNAL. */

const CORPUS = join(__dirname, '..', 'fixtures', 'manifests', 'corpus');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yml'));

let platform: LocalPlatform;
let id = '';
beforeAll(async () => {
  platform = startPlatform();
  id = ok(await invoke(platform, 'createAssessment', { appName: 'Corpus', hosting: 'forge' }))
    .assessment.id;
});
afterAll(() => platform.close());

it('holds at least 15 real manifests', () => {
  expect(files.length).toBeGreaterThanOrEqual(15);
});

it.each(files)('%s: analyses and attaches without an INTERNAL answer', async (file) => {
  const manifest = readFileSync(join(CORPUS, file), 'utf8');
  const analysis = ok(await invoke(platform, 'analyzeManifest', { manifest, id }));
  expect(typeof analysis.runsOnAtlassian.eligible).toBe('boolean');
  const { assessment } = ok(await invoke(platform, 'getAssessment', { id }));
  const attached = await invoke(platform, 'attachManifest', {
    id,
    expectedRevision: assessment.revision,
    manifest,
  });
  expect(attached.ok ? 'ok' : attached.error.code).toBe('ok');
});
