import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessorBuilder, ValidationTypes } from '@forge/manifest';
import { parse, stringify } from 'yaml';
import { stageApp } from '../toolchain/stage-app';

const manifestText = readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8');

// Full validation checks the resource folder and the handler files next to the manifest, so
// it runs on a copy of the app that has a resource folder even before `npm run build:ui`.
let app: string;
let manifestPath: string;
beforeAll(() => {
  app = stageApp('manifest-file-');
  manifestPath = join(app, 'manifest.yml');
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

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
    const tmp = join(app, 'broken-manifest.yml');
    writeFileSync(tmp, stringify(broken));
    const result = await validate(tmp);
    expect(result.success).toBe(false);
    expect(result.errors?.length).toBeGreaterThan(0);
  });

  it('is eligible for Runs on Atlassian: no egress, no remotes, least-privilege scopes', () => {
    const manifest = parse(manifestText) as ManifestShape;
    expect(manifest.permissions.external).toBeUndefined();
    expect(manifest.remotes).toBeUndefined();
    // The permission check, storage, and the granular user reads behind names and avatars.
    expect([...manifest.permissions.scopes].sort()).toEqual([
      'read:application-role:jira',
      'read:avatar:jira',
      'read:group:jira',
      'read:permission:jira',
      'read:user:jira',
      'storage:app',
    ]);
    expect(manifest.app.runtime.name).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
  });
});
