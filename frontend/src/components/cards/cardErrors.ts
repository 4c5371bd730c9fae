// What the editor needs to know about a failed run: which line of the card failed (to
// highlight it), what the card printed before failing, and what kind of failure it was.
import { ApiError } from '../../api/errors';

const cardFrame = /File "<card>", line (\d+)/g;

/**
 * The line of the card's code where it failed, or null. The API gives it as `details.line`;
 * without that, the innermost `File "<card>", line N` of the traceback (the last one: Python
 * prints the outermost frame first), else a "line N" in the message (a syntax error's).
 */
export function failingLine(details: Record<string, unknown> | null, message = ''): number | null {
  const line = details?.line;
  if (typeof line === 'number' && Number.isInteger(line) && line > 0) return line;
  const traceback = typeof details?.traceback === 'string' ? details.traceback : '';
  let last: number | null = null;
  for (const match of traceback.matchAll(cardFrame)) last = Number(match[1]);
  if (last !== null && last > 0) return last;
  const inMessage = /\bline (\d+)\b/.exec(message);
  return inMessage ? Number(inMessage[1]) : null;
}

/** The card's failing line for an error thrown by a run, if it is the card's own failure. */
export function failingLineOf(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  return failingLine(error.details, error.message);
}

/** What the card printed before it failed (422 failures carry it in `details.stdout`). */
export function stdoutOf(error: unknown): string {
  if (!(error instanceof ApiError)) return '';
  const stdout = error.details?.stdout;
  return typeof stdout === 'string' ? stdout : '';
}
