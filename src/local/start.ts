import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DB_FILE, DEFAULT_BUILD_DIR, startLocalServer } from './server';

/**
 * `npm start`: the admin page and its real resolvers on this machine, data in a SQLite file
 * that survives restarts. PORT and TRUST_DATA_DIR override the defaults.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, not "${process.env.PORT ?? ''}".`);
    process.exit(1);
  }
  const dataDir = resolve(process.env.TRUST_DATA_DIR ?? '.data');

  const index = join(DEFAULT_BUILD_DIR, 'index.html');
  // A placeholder index.html (kept so the manifest validator finds the resource) has no bundle.
  if (!existsSync(index) || !readFileSync(index, 'utf8').includes('<script')) {
    console.error('The admin page is not built yet. Run `npm run build:ui` (or `npm start`).');
    process.exit(1);
  }

  const server = await startLocalServer({
    port,
    host: '127.0.0.1',
    dataDir,
    ...(process.env.TRUST_LOG_REQUESTS ? { log: (line: string) => console.log(line) } : {}),
  });
  console.log(`Trust readiness is running at ${server.url}`);
  console.log(`Data: ${join(dataDir, DB_FILE)}`);
  console.log('Switch user with ?as=local-reviewer or ?as=local-viewer; press Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Could not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const detail = error instanceof Error ? error.message : String(error);
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    console.error(`Port ${process.env.PORT ?? 3000} is in use. Set PORT to another port.`);
  } else {
    console.error(`The local server did not start: ${detail}`);
  }
  process.exit(1);
});
