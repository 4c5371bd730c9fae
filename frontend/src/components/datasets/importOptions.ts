// The import options the upload dialog offers, and the form fields they become
// (ImportFields in docs/openapi.yaml; docs/datasets.md).
import type { ImportFields } from '../../api/types';

export const encodingChoices = ['auto', 'utf-8', 'cp932', 'euc-jp', 'utf-16'] as const;
export const delimiterChoices = [',', 'tab', ';', '|', 'auto'] as const;

export interface ImportOptions {
  encoding: (typeof encodingChoices)[number];
  delimiter: (typeof delimiterChoices)[number];
  hasHeader: boolean;
}

export const defaultImportOptions: ImportOptions = {
  encoding: 'auto',
  delimiter: ',',
  hasHeader: true,
};

export function importFieldsOf(options: ImportOptions): ImportFields {
  return {
    encoding: options.encoding,
    delimiter: options.delimiter,
    hasHeader: options.hasHeader ? 'true' : 'false',
  };
}

/** A file's name without its extension: the default dataset name, as the server picks it. */
export function baseName(fileName: string) {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export const maxUploadBytes = 104_857_600;
