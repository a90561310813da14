import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CliIo } from '../../src/cli/main';
import { run } from '../../src/cli/main';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const FIXTURES = 'test/fixtures/answers';
export const AS_OF = '2026-11-28';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Paths the CLI asked to read, resolved, in order. */
  reads: string[];
}

/**
 * Runs the CLI in-process against the repository on disk, with `virtual` files (resolved
 * against the repo root) layered on top so a test can add a broken manifest without a file.
 */
export async function runCli(
  argv: string[],
  options: {
    virtual?: Record<string, string>;
    isTTY?: boolean;
    now?: Date;
    env?: Record<string, string>;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const reads: string[] = [];
  const virtual = new Map(
    Object.entries(options.virtual ?? {}).map(([p, text]) => [path.resolve(REPO_ROOT, p), text]),
  );
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
      isTTY: options.isTTY ?? false,
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
    readFile: async (absolute: string) => {
      reads.push(absolute);
      const text = virtual.get(absolute);
      return text ?? readFile(absolute, 'utf8');
    },
    cwd: REPO_ROOT,
    env: options.env ?? {},
    ...(options.sleep ? { sleep: options.sleep } : {}),
    now: () => options.now ?? new Date(`${AS_OF}T12:00:00Z`),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, reads };
}

/** The stderr of an input error must be exactly one line. */
export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '');
}
