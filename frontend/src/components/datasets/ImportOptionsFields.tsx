// Encoding, delimiter and header-row options of an upload.
import { useTranslation } from 'react-i18next';
import { delimiterChoices, encodingChoices, type ImportOptions } from './importOptions';

interface Props {
  value: ImportOptions;
  onChange: (value: ImportOptions) => void;
  disabled?: boolean;
}

export function ImportOptionsFields({ value, onChange, disabled }: Props) {
  const { t } = useTranslation('datasets');
  return (
    <div className="import-options">
      <label className="field">
        <span>{t('uploadDialog.encoding')}</span>
        <select
          value={value.encoding}
          disabled={disabled}
          onChange={(event) =>
            onChange({ ...value, encoding: event.target.value as ImportOptions['encoding'] })
          }
        >
          {encodingChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`uploadDialog.encodings.${choice}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('uploadDialog.delimiter')}</span>
        <select
          value={value.delimiter}
          disabled={disabled}
          onChange={(event) =>
            onChange({ ...value, delimiter: event.target.value as ImportOptions['delimiter'] })
          }
        >
          {delimiterChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`uploadDialog.delimiters.${choice}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--inline">
        <input
          type="checkbox"
          checked={value.hasHeader}
          disabled={disabled}
          onChange={(event) => onChange({ ...value, hasHeader: event.target.checked })}
        />
        <span>{t('uploadDialog.hasHeader')}</span>
      </label>
    </div>
  );
}
