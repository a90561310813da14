import { readFile } from 'node:fs/promises';
import { run, type CliIo } from './main';

/** The real process behind `CliIo`: the only place the CLI touches Node's globals. */
export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readFile: (file) => readFile(file, 'utf8'),
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
  };
}

export async function runFromProcess(
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  // exitCode rather than exit(): piped stdout must drain before Node quits.
  process.exitCode = await run(argv, nodeIo());
}
