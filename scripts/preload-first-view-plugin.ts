/**
 * Adds the first view's lazy chunks to index.html as preloads. Most visits open on the list,
 * whose chunk is a dynamic import: without this the browser learns of it, and of everything it
 * imports, only after the entry chunk has downloaded and run — one more round trip before the
 * list can render. Scripts get `modulepreload` (fetched and parsed, not run); stylesheets get
 * `preload` so they do not block the first paint of a page that opens elsewhere.
 */

/** The slice of Rollup's output bundle this plugin reads. */
interface OutputChunk {
  type: 'chunk';
  fileName: string;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}
interface OutputAsset {
  type: 'asset';
  fileName: string;
}
export type OutputBundle = Record<string, OutputChunk | OutputAsset>;

export interface HtmlTag {
  tag: 'link';
  attrs: Record<string, string | boolean>;
  injectTo: 'head';
}

/** The preload tags for the chunk built from `moduleSuffix` and its static imports. */
export function preloadTags(bundle: OutputBundle, html: string, moduleSuffix: string): HtmlTag[] {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
  const root = chunks.find((c) => c.facadeModuleId?.endsWith(moduleSuffix));
  if (!root) throw new Error(`no chunk is built from ${moduleSuffix}: the preload would be lost`);
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (chunk: OutputChunk) => {
    if (scripts.has(chunk.fileName)) return;
    scripts.add(chunk.fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
    for (const name of chunk.imports) {
      const imported = byName.get(name);
      if (imported) visit(imported);
    }
  };
  visit(root);
  // What index.html already loads (the entry and its imports) needs no second tag.
  const missing = (file: string) => !html.includes(`/${file}"`);
  return [
    ...[...scripts].filter(missing).map((file): HtmlTag => ({
      tag: 'link',
      attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
      injectTo: 'head',
    })),
    ...[...styles].filter(missing).map((file): HtmlTag => ({
      tag: 'link',
      attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` },
      injectTo: 'head',
    })),
  ];
}

export function preloadFirstViewPlugin(moduleSuffix: string) {
  return {
    name: 'trust-readiness:preload-first-view',
    apply: 'build' as const,
    transformIndexHtml: {
      order: 'post' as const,
      handler(html: string, context: { bundle?: OutputBundle }) {
        if (!context.bundle) return html;
        return { html, tags: preloadTags(context.bundle, html, moduleSuffix) };
      },
    },
  };
}
