// Upload a CSV as a new dataset, or replace an existing dataset's data: pick or drop a file,
// choose encoding / delimiter / header, then watch the upload and import steps. Import failures
// stay in the dialog with row, column and reason, so options can be changed and tried again.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConflictError } from '../../api/errors';
import type { Dataset } from '../../api/types';
import { replaceDatasetData, uploadDataset, type UploadProgress } from '../../api/upload';
import { useFormat } from '../../i18n/format';
import { Dialog } from '../Dialog';
import { ErrorNotice } from '../errors/ErrorNotice';
import { FileDropZone } from './FileDropZone';
import { ImportOptionsFields } from './ImportOptionsFields';
import {
  baseName,
  defaultImportOptions,
  importFieldsOf,
  maxUploadBytes,
  type ImportOptions,
} from './importOptions';
import { UploadSteps } from './UploadSteps';

interface UploadDialogProps {
  /** Given: replace this dataset's data; absent: create a new dataset. */
  replacing?: Dataset;
  /** A file already chosen (dropped on the page before the dialog opened). */
  initialFile?: File;
  onClose: () => void;
  onDone: (dataset: Dataset) => void;
}

export function UploadDialog({ replacing, initialFile, onClose, onDone }: UploadDialogProps) {
  const { t } = useTranslation(['datasets', 'common']);
  const format = useFormat();
  const [file, setFile] = useState<File | null>(initialFile ?? null);
  const [name, setName] = useState(initialFile && !replacing ? baseName(initialFile.name) : '');
  const [options, setOptions] = useState<ImportOptions>(defaultImportOptions);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [finished, setFinished] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const abortRef = useRef<AbortController | null>(null);

  const tooLarge = file !== null && file.size > maxUploadBytes;

  function chooseFile(chosen: File) {
    setFile(chosen);
    setError(null);
    setProgress(null);
    if (!replacing) setName(baseName(chosen.name));
  }

  async function start() {
    if (!file || tooLarge) return;
    const abort = new AbortController();
    abortRef.current = abort;
    setRunning(true);
    setError(null);
    setProgress({ phase: 'uploading', loaded: 0, total: file.size });
    const fields = importFieldsOf(options);
    const request = { onProgress: setProgress, signal: abort.signal };
    try {
      const dataset = replacing
        ? await replaceDatasetData(
            replacing.datasetId,
            { ...fields, file, version: String(replacing.version) },
            request,
          )
        : await uploadDataset({ ...fields, file, name: name.trim() || undefined }, request);
      setFinished(true);
      onDone(dataset);
    } catch (failure) {
      if (!(failure instanceof DOMException && failure.name === 'AbortError')) setError(failure);
      setProgress(null);
    } finally {
      setRunning(false);
      abortRef.current = null;
    }
  }

  const title = replacing
    ? t('uploadDialog.replaceTitle', { name: replacing.name })
    : t('uploadDialog.title');

  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={running}
      wide
      footer={
        running ? (
          // Once every byte is sent the server imports regardless: cancelling is offered
          // only while the file is still on its way.
          progress?.phase === 'uploading' && (
            <button type="button" className="button" onClick={() => abortRef.current?.abort()}>
              {t('uploadDialog.cancelUpload')}
            </button>
          )
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              {t('common:action.cancel')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={!file || tooLarge}
              onClick={() => void start()}
            >
              {replacing ? t('uploadDialog.submitReplace') : t('uploadDialog.submit')}
            </button>
          </>
        )
      }
    >
      {replacing && <p className="muted">{t('uploadDialog.replaceNote')}</p>}
      <FileDropZone
        file={file}
        onFile={chooseFile}
        disabled={running}
        description={
          file
            ? t('uploadDialog.selected', { name: file.name, size: format.bytes(file.size) })
            : undefined
        }
      />
      {tooLarge && (
        <p className="error-text" role="alert">
          {t('uploadDialog.tooLarge', { size: format.bytes(file.size) })}
        </p>
      )}
      {!replacing && (
        <label className="field">
          <span>{t('uploadDialog.name')}</span>
          <input
            value={name}
            maxLength={200}
            disabled={running}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
      )}
      <ImportOptionsFields value={options} onChange={setOptions} disabled={running} />
      {(running || finished) && <UploadSteps progress={progress} finished={finished} />}
      {error !== null &&
        (error instanceof ConflictError ? (
          <p className="error-box" role="alert">
            {t('uploadDialog.conflict')}
          </p>
        ) : (
          <ErrorNotice error={error} />
        ))}
    </Dialog>
  );
}
