import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ANSWERS, render, renderRules, SNAPSHOT_DIR, snapshotName } from './cases';

/** Regenerates the v1 snapshots. Run only to record a listed, deliberate v1 bug fix. */
async function main(): Promise<void> {
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  for (const answers of ANSWERS) {
    const file = path.join(SNAPSHOT_DIR, snapshotName(answers));
    writeFileSync(file, `${JSON.stringify(await render(answers), null, 1)}\n`);
  }
  const rules = await renderRules(process.argv.slice(2));
  writeFileSync(path.join(SNAPSHOT_DIR, 'rules.json'), `${JSON.stringify(rules, null, 1)}\n`);
}

void main();
