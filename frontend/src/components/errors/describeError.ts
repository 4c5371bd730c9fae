// Turns any thrown value into what the UI shows: a headline in the user's language, the
// server's own message, and for import failures the row, column and reason.
import type { TFunction } from 'i18next';
import { ApiError, ImportFailedError } from '../../api/errors';

export interface ErrorDescription {
  headline: string;
  /** The server's message (English, precise), when it adds something. */
  detail: string | null;
  facts: { label: string; value: string }[];
  requestId: string | null;
}

export function describeError(error: unknown, t: TFunction<'common'>): ErrorDescription {
  if (!(error instanceof ApiError)) {
    return {
      headline: t('error.title'),
      detail: error instanceof Error ? error.message : String(error),
      facts: [],
      requestId: null,
    };
  }
  const base = { detail: error.message, facts: [], requestId: error.requestId };
  switch (error.kind) {
    case 'network':
      return { ...base, headline: t('error.network'), detail: null };
    case 'notFound':
      return { ...base, headline: t('error.notFound') };
    case 'forbidden':
      return { ...base, headline: t('error.forbidden') };
    case 'conflict':
      return { ...base, headline: t('error.conflict') };
    case 'tooLarge':
      return { ...base, headline: t('error.tooLarge') };
    case 'timeout':
      return { ...base, headline: t('error.timeout') };
    case 'unavailable':
    case 'rateLimited':
      return { ...base, headline: t('error.unavailable') };
    case 'badRequest':
      return { ...base, headline: t('error.badRequest') };
    case 'unprocessable':
      if (error instanceof ImportFailedError) return describeImportFailure(error, t);
      return { ...base, headline: t('error.importFailed') };
    default:
      return { ...base, headline: t('error.server', { status: error.status }) };
  }
}

function describeImportFailure(error: ImportFailedError, t: TFunction<'common'>) {
  const d = error.importDetails;
  const facts: { label: string; value: string }[] = [];
  if (d.row !== undefined) facts.push({ label: t('error.facts.row'), value: String(d.row) });
  if (d.line !== undefined && d.line !== d.row)
    facts.push({ label: t('error.facts.line'), value: String(d.line) });
  if (d.column !== undefined) {
    const name = d.columnName ? ` (${d.columnName})` : '';
    facts.push({ label: t('error.facts.column'), value: `${d.column}${name}` });
  }
  if (d.reason) {
    const known = t(`error.reasons.${d.reason}` as 'error.reasons.empty file', {
      defaultValue: '',
    });
    facts.push({ label: t('error.facts.reason'), value: known || d.reason });
  }
  if (d.expectedFields !== undefined && d.actualFields !== undefined)
    facts.push({
      label: t('error.facts.fields'),
      value: t('error.facts.fieldsValue', { actual: d.actualFields, expected: d.expectedFields }),
    });
  if (d.encoding) facts.push({ label: t('error.facts.encoding'), value: d.encoding });
  if (d.byteOffset !== undefined)
    facts.push({ label: t('error.facts.byteOffset'), value: String(d.byteOffset) });
  if (d.field) facts.push({ label: t('error.facts.field'), value: d.field });
  return {
    headline: t('error.importFailed'),
    detail: error.message,
    facts,
    requestId: error.requestId,
  };
}
