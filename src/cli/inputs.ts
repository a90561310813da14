import * as path from 'node:path';
import { ManifestParseError, readManifestFacts } from '../domain/manifest/read';
import type { ManifestFacts } from '../domain/manifest/facts';
import { CliInputError } from './errors';

/** Reads a UTF-8 file named on the command line; read failures are input errors. */
export async function readInput(
  file: string,
  io: { cwd: string; readFile(absolutePath: string): Promise<string> },
): Promise<string> {
  try {
    return await io.readFile(path.resolve(io.cwd, file));
  } catch (error) {
    throw new CliInputError(file, undefined, readFailure(error));
  }
}

function readFailure(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read the file${code ? ` (${code})` : ''}`;
  }
}

/** The manifest reader's facts; its parse errors become one-line input errors. */
export function readManifest(text: string, file: string): ManifestFacts {
  try {
    return readManifestFacts(text);
  } catch (error) {
    if (!(error instanceof ManifestParseError)) throw error;
    const field = error.path ?? (error.line !== undefined ? `line ${error.line}` : undefined);
    // The reader's messages start with the path it failed on; the CLI prints that separately.
    const reason =
      error.path && error.message.startsWith(`${error.path} `)
        ? error.message.slice(error.path.length + 1)
        : error.message.replace(/ at line \d+(, column \d+)?/, '');
    throw new CliInputError(file, field, reason);
  }
}
