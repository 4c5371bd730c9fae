// Choosing a file by dropping it here or with the file picker.
import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface FileDropZoneProps {
  file: File | null;
  onFile: (file: File) => void;
  disabled?: boolean;
  /** Shown under the chosen file, e.g. its size. */
  description?: string;
}

export function FileDropZone({ file, onFile, disabled, description }: FileDropZoneProps) {
  const { t } = useTranslation('datasets');
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  }

  return (
    <div
      className={`drop-zone${dragging ? ' drop-zone--active' : ''}`}
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault(); // allows the drop
        if (!disabled) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values"
        className="visually-hidden"
        aria-label={t('uploadDialog.fileLabel')}
        disabled={disabled}
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          if (chosen) onFile(chosen);
          event.target.value = ''; // choosing the same file again still reports it
        }}
      />
      {file ? (
        <>
          <div className="drop-zone__file">{description ?? file.name}</div>
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => inputRef.current?.click()}
          >
            {t('uploadDialog.change')}
          </button>
        </>
      ) : (
        <div>
          {t('uploadDialog.drop')}{' '}
          <button
            type="button"
            className="link-button"
            disabled={disabled}
            onClick={() => inputRef.current?.click()}
          >
            {t('uploadDialog.choose')}
          </button>
        </div>
      )}
    </div>
  );
}
