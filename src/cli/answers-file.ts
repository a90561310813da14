import { parseAnswersFile, type AnswersFile } from '../domain/answers-file';
import { CliInputError } from './errors';

export { MAX_ANSWERS_FILE_CHARS } from '../domain/answers-file';
export type { AnswersFile } from '../domain/answers-file';

/**
 * Parses and validates an answers file (or the app's JSON export) with the domain's parser,
 * the one the admin page imports with. Throws CliInputError naming the first bad field.
 */
export function readAnswersFile(text: string, file: string): AnswersFile {
  const result = parseAnswersFile(text, { fileName: file });
  if (!result.ok) throw new CliInputError(file, result.error.field, result.error.reason);
  return result.file;
}
