import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const KVS = "import { kvs } from '@forge/kvs';\nexport const store = kvs;\n";
const API = "import { route } from '@forge/api';\nexport const r = route;\n";
const PACK =
  "import { trustReadinessV1 } from '../rules/packs/trust-readiness-v1';\nexport const p = trustReadinessV1;\n";
const INVOKE = "import { invoke } from '@forge/bridge';\nexport const i = invoke;\n";
const SLIM_INVOKE = "import { invoke } from './forge-bridge';\nexport const i = invoke;\n";
const SLIM_FLAG = "import { showFlag } from '../forge-bridge';\nexport const f = showFlag;\n";
const INTERNALS =
  "import { theme } from '../../../node_modules/@forge/bridge/out/view/theme.js';\nexport const t = theme;\n";

/** [file it pretends to be, code, whether the layer rule must fire]. */
const CASES: [string, string, boolean][] = [
  ['src/domain/scoring/score-findings.ts', KVS, true],
  ['src/domain/scoring/score-findings.ts', API, true],
  ['src/services/assessments.ts', KVS, true],
  ['src/storage/keys.ts', KVS, false],
  ['src/services/assessments.ts', API, true],
  ['src/auth/admin.ts', API, false],
  ['src/domain/export/csv.ts', PACK, true],
  ['src/domain/rules/conditions.ts', PACK.replace('../rules/packs', './packs'), true],
  ['src/domain/rules/packs/index.ts', PACK.replace('../rules/packs', '.'), false],
  ['static/admin/src/views/results.tsx', INVOKE, true],
  // The whole bridge index would put every bridge module in the first view.
  ['static/admin/src/api.ts', INVOKE, true],
  ['static/admin/src/api.ts', SLIM_INVOKE, false],
  ['static/admin/src/views/results.tsx', SLIM_INVOKE.replace('./', '../'), true],
  ['static/admin/src/views/results.tsx', SLIM_FLAG, false],
  ['static/admin/src/host.ts', INTERNALS.replace('../../../', '../../'), true],
  ['static/admin/src/forge-bridge.ts', INTERNALS.replace('../../../', '../../'), false],
];

/**
 * The layers of ARCHITECTURE.md are lint errors, not conventions (eslint.config.mjs). The flat
 * config is ESM, which Jest's CommonJS runtime cannot load, so a child process lints.
 */
describe('layer rules', () => {
  const run = spawnSync(process.execPath, [join(__dirname, 'lint-probe.mjs')], {
    cwd: ROOT,
    input: JSON.stringify(CASES.map(([file, code]) => ({ file: join(ROOT, file), code }))),
    encoding: 'utf8',
  });
  const results = JSON.parse(run.stdout || '[]') as string[][];

  it.each(CASES.map(([file, code, fires], i) => [file, code.split('\n')[0], fires, i] as const))(
    '%s: %s → restricted %s',
    (_file, _import, fires, i) => {
      const ids = results[i] ?? ['no result'];
      expect(ids.filter((id) => id.startsWith('fatal'))).toEqual([]);
      expect(ids.includes('no-restricted-imports')).toBe(fires);
    },
  );
});
