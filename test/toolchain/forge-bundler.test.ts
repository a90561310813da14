import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  getCompiler,
  getEntryPoints,
  getNodeBundler,
  handleWebpackCompilationResult,
  type EntryPoint,
} from '@forge/bundler';
import {
  ConfigFile,
  FileSystemReader,
  FileSystemWriter,
  type Handler,
  type Logger,
} from '@forge/cli-shared';
import type { Configuration, Stats, StatsModule } from 'webpack';
import { parse } from 'yaml';

/**
 * `forge deploy` bundles every function with @forge/bundler: webpack plus ts-loader over the
 * app's tsconfig.json, target node. This runs that same bundler offline, with its own config
 * builder (the node runtime's getConfigs, reached through getNodeBundler exactly as the CLI
 * reaches it), and inspects what went into the bundle.
 */

const ROOT = resolve(__dirname, '..', '..');
const TIMEOUT = 180_000;

/** The runtime wrapper is fetched from Atlassian's CDN at deploy time; nothing here needs it. */
const offlineWrapper = {
  getNodeRuntimeWrapper: () => Promise.reject(new Error('offline: no runtime wrapper')),
  getNodeRuntimeLoader: () => Promise.reject(new Error('offline: no runtime loader')),
};

/** The node runtime bundler inside the CLI's ConfigBundler (not exported on its own). */
interface NodeRuntimeBundler {
  getConfigs(args: { appDirectory: string; entryPoints: EntryPoint[] }): Promise<Configuration[]>;
}
interface ConfigBundler {
  getBundler(): Promise<NodeRuntimeBundler>;
}

interface BundleResult {
  warnings: string[];
  modules: string[];
  /** Emitted files (without source maps) and their sizes in bytes. */
  assets: Record<string, number>;
  outputDir: string;
}

function recordingLogger(warnings: string[]): Logger {
  return {
    traceEnabled: false,
    debugEnabled: false,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => warnings.push(message),
    error: (error) => warnings.push(`error: ${error.message}`),
  };
}

function flattenModules(modules: StatsModule[] | undefined, into: string[] = []): string[] {
  for (const module of modules ?? []) {
    if (module.modules?.length) flattenModules(module.modules, into);
    else if (module.name) into.push(module.name);
  }
  return into;
}

/**
 * Bundles the app in `appDirectory` as `forge deploy` would. The CLI runs with the app folder
 * as its working directory (manifest.yml, src/ and webpack's context are all relative to it),
 * so this does too for the duration of the build.
 */
async function forgeBundle(appDirectory: string): Promise<BundleResult> {
  const previous = process.cwd();
  process.chdir(appDirectory);
  try {
    const configFile = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
    const handlers: Handler[] = await configFile.getAppHandlers();
    const entryPoints = getEntryPoints(handlers);
    const warnings: string[] = [];
    const logger = recordingLogger(warnings);
    const bundler = getNodeBundler(logger, offlineWrapper, configFile) as unknown as ConfigBundler;
    const configs = await (await bundler.getBundler()).getConfigs({ appDirectory, entryPoints });
    expect(configs).toHaveLength(1);
    const config = configs[0] as Configuration & { output: { path: string } };
    // The CLI writes to a temp folder of its own choosing; this one is removed afterwards.
    const outputDir = mkdtempSync(join(tmpdir(), 'forge-bundle-'));
    config.output.path = outputDir;

    const stats = await new Promise<Stats>((resolveStats, reject) => {
      const compiler = getCompiler(config);
      compiler.run((error, result) => {
        compiler.close(() => undefined);
        try {
          // The bundler's own verdict: throws on any webpack or TypeScript error.
          handleWebpackCompilationResult(logger, error ?? null, result);
          resolveStats(result as Stats);
        } catch (failure) {
          reject(failure as Error);
        }
      });
    });
    const json = stats.toJson({ modules: true, assets: true });
    const assets: Record<string, number> = {};
    for (const asset of json.assets ?? []) {
      if (!asset.name.endsWith('.map')) assets[asset.name] = asset.size;
    }
    return { warnings, modules: flattenModules(json.modules), assets, outputDir };
  } finally {
    process.chdir(previous);
  }
}

interface ManifestFunctions {
  modules: { function?: { key: string; handler: string }[] };
}

describe('@forge/bundler on this app (what `forge deploy` runs)', () => {
  let result: BundleResult;
  const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as ManifestFunctions;
  const functions = manifest.modules.function ?? [];

  beforeAll(async () => {
    result = await forgeBundle(ROOT);
  }, TIMEOUT);

  afterAll(() => {
    if (result) rmSync(result.outputDir, { recursive: true, force: true });
  });

  it('bundles every function handler the manifest names', () => {
    expect(functions.length).toBeGreaterThan(0);
    const modules = [
      ...new Set(functions.map((f) => f.handler.slice(0, f.handler.lastIndexOf('.')))),
    ];
    for (const module of modules) {
      expect(result.assets).toHaveProperty([`${module}.cjs`]);
      expect(result.modules).toContain(`./src/${module}.ts`);
    }
    expect(
      Object.keys(result.assets)
        .filter((name) => name.endsWith('.cjs'))
        .sort(),
    ).toEqual(modules.map((m) => `${m}.cjs`).sort());
  });

  it('exports each handler function from its bundle', () => {
    for (const { handler } of functions) {
      const dot = handler.lastIndexOf('.');
      const file = join(result.outputDir, `${handler.slice(0, dot)}.cjs`);
      // Just the export's presence, from the source text: loading it would start the app.
      // ts-loader emits CommonJS (`exports.handler = ...`); an ES export would be a getter.
      const name = handler.slice(dot + 1);
      expect(readFileSync(file, 'utf8')).toMatch(
        new RegExp(`\\bexports\\.${name} = (?!void 0)|\\b${name}: \\(\\) =>`),
      );
    }
  });

  it('raises no warnings (each would ship as a runtime failure)', () => {
    // "Critical dependency", "export ... was not found" and the like build a bundle that
    // throws when Forge loads it; there is no warning this app is willing to deploy with.
    expect(result.warnings).toEqual([]);
  });

  it('includes the resolvers and the storage layer', () => {
    expect(result.modules.some((m) => m.startsWith('./src/resolvers/'))).toBe(true);
    expect(result.modules.some((m) => m.startsWith('./src/storage/'))).toBe(true);
  });

  it.each([
    ['the local runtime', /^\.\/src\/local\//],
    ['tests', /^\.\/test\//],
    ['the CLI', /^\.\/src\/cli\//],
    ['the UI', /^\.\/static\//],
    ['SQLite', /node_modules\/better-sqlite3\/|^external "better-sqlite3"$/],
    ['React', /node_modules\/react(-dom)?\/|^external "react(-dom)?"$/],
  ])('contains nothing from %s', (_name, pattern) => {
    expect(result.modules.filter((m) => pattern.test(m))).toEqual([]);
  });

  it('reports the bundle size', () => {
    const lines = Object.entries(result.assets).map(
      ([name, size]) =>
        `${name}: ${size} bytes (${statSync(join(result.outputDir, name)).size} on disk)`,
    );
    const report = join(ROOT, 'test-results', 'forge-bundle-size.txt');
    mkdirSync(join(report, '..'), { recursive: true });
    writeFileSync(report, `${lines.join('\n')}\n`);
    console.log(`Forge function bundle: ${lines.join(', ')}`);
    expect(Object.values(result.assets).every((size) => size > 0)).toBe(true);
  });
});

describe('@forge/bundler failure detection (the check can fail)', () => {
  it(
    'rejects an app whose handler imports a module that does not exist',
    async () => {
      const app = mkdtempSync(join(tmpdir(), 'forge-broken-app-'));
      try {
        mkdirSync(join(app, 'src'));
        writeFileSync(
          join(app, 'manifest.yml'),
          'modules:\n  function:\n    - key: f\n      handler: index.handler\napp:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\n  runtime:\n    name: nodejs24.x\n',
        );
        writeFileSync(
          join(app, 'tsconfig.json'),
          JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', types: [] } }),
        );
        writeFileSync(
          join(app, 'src', 'index.ts'),
          "import { missing } from './not-there';\nexport const handler = () => missing;\n",
        );
        await expect(forgeBundle(app)).rejects.toThrow(/not-there/);
      } finally {
        rmSync(app, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
