import { preloadTags, type OutputBundle } from '../../../scripts/preload-first-view-plugin';

const chunk = (
  fileName: string,
  facadeModuleId: string | null,
  imports: string[],
  css: string[] = [],
) => ({
  type: 'chunk' as const,
  fileName,
  facadeModuleId,
  imports,
  viteMetadata: { importedCss: new Set(css) },
});

const bundle: OutputBundle = {
  'assets/index.js': chunk(
    'assets/index.js',
    '/app/src/main.tsx',
    ['assets/bridge.js'],
    ['assets/index.css'],
  ),
  'assets/bridge.js': chunk('assets/bridge.js', null, []),
  'assets/list.js': chunk(
    'assets/list.js',
    '/app/src/views/assessments-list.tsx',
    ['assets/format.js', 'assets/index.js'],
    ['assets/list.css'],
  ),
  'assets/format.js': chunk(
    'assets/format.js',
    null,
    ['assets/bridge.js', 'assets/format.js'],
    ['assets/format.css'],
  ),
  'assets/page.js': chunk('assets/page.js', '/app/src/views/assessment-page.tsx', [
    'assets/format.js',
  ]),
  'assets/list.css': { type: 'asset', fileName: 'assets/list.css' },
};
const html =
  '<script type="module" crossorigin src="./assets/index.js"></script>\n' +
  '<link rel="modulepreload" crossorigin href="./assets/bridge.js">\n' +
  '<link rel="stylesheet" crossorigin href="./assets/index.css">';

describe('preloading the first view', () => {
  it('lists the list chunk, what it imports and their styles, once each, and nothing index.html has', () => {
    const tags = preloadTags(bundle, html, '/src/views/assessments-list.tsx');
    expect(tags.map((t) => [t.attrs.rel, t.attrs.href])).toEqual([
      ['modulepreload', './assets/list.js'],
      ['modulepreload', './assets/format.js'],
      ['preload', './assets/list.css'],
      ['preload', './assets/format.css'],
    ]);
    expect(tags.every((t) => t.attrs.crossorigin === true && t.injectTo === 'head')).toBe(true);
    expect(tags.find((t) => t.attrs.rel === 'preload')?.attrs.as).toBe('style');
  });

  it('fails the build when the first view is no longer its own chunk', () => {
    expect(() => preloadTags(bundle, html, '/src/views/renamed.tsx')).toThrow(/no chunk is built/);
  });
});
