import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { EntityDeclaration } from './kvs-entities';

/** The app's own manifest, so the emulator knows the same entities and indexes Forge would. */
export function readAppEntities(
  manifestPath = join(__dirname, '..', '..', 'manifest.yml'),
): EntityDeclaration[] {
  const manifest = parse(readFileSync(manifestPath, 'utf8')) as {
    app?: { storage?: { entities?: EntityDeclaration[] } };
  };
  return manifest.app?.storage?.entities ?? [];
}
