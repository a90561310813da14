import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessorBuilder, ValidationTypes } from '@forge/manifest';
import { parse, stringify } from 'yaml';

const manifestPath = join(__dirname, '..', '..', 'manifest.yml');
const manifestText = readFileSync(manifestPath, 'utf8');

/** Atlassian's own validator, offline: `forge lint` would need a login and the network. */
async function validate(text: string) {
  const processor = ProcessorBuilder.instance().withValidation(ValidationTypes.FULL).build();
  return processor.process(text);
}

interface ManifestShape {
  modules: Record<string, unknown[]>;
  permissions: { scopes: string[]; external?: unknown; content?: unknown };
  app: { runtime: { name: string } };
  remotes?: unknown;
}

describe('manifest.yml', () => {
  it('passes Forge full validation', async () => {
    const result = await validate(manifestPath);
    expect(result.errors ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('fails validation when a module points at a missing function (the check can fail)', async () => {
    const broken = parse(manifestText) as ManifestShape;
    broken.modules['jira:adminPage'] = [
      {
        key: 'trust-readiness-admin',
        resource: 'admin-ui',
        resolver: { function: 'missing' },
        title: 'x',
      },
    ];
    const tmp = join(__dirname, '..', '..', 'test-results', 'broken-manifest.yml');
    mkdirSync(join(tmp, '..'), { recursive: true });
    writeFileSync(tmp, stringify(broken));
    const result = await validate(tmp);
    expect(result.success).toBe(false);
    expect(result.errors?.length).toBeGreaterThan(0);
  });

  it('is eligible for Runs on Atlassian: no egress, no remotes, least-privilege scopes', () => {
    const manifest = parse(manifestText) as ManifestShape;
    expect(manifest.permissions.external).toBeUndefined();
    expect(manifest.remotes).toBeUndefined();
    expect([...manifest.permissions.scopes].sort()).toEqual([
      'read:permission:jira',
      'storage:app',
    ]);
    expect(manifest.app.runtime.name).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
  });
});
