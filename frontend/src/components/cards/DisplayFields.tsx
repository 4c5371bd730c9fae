// The card's display options: chart title, KPI caption, number format (with an example in the
// reader's language), prefix and suffix.
import { useTranslation } from 'react-i18next';
import type { DisplayOptions } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { formatKpi, isValidNumberFormat } from './numberFormat';

interface Props {
  display: DisplayOptions;
  readOnly: boolean;
  onChange: (display: DisplayOptions) => void;
}

const textOption = (value: unknown) => (typeof value === 'string' ? value : '');

export function DisplayFields({ display, readOnly, onChange }: Props) {
  const { t } = useTranslation('cards');
  const format = useFormat();
  const field = (name: 'chartTitle' | 'kpiLabel' | 'prefix' | 'suffix' | 'numberFormat') => ({
    value: textOption(display[name]),
    readOnly,
    onChange: (event: { target: { value: string } }) =>
      onChange({ ...display, [name]: event.target.value }),
  });
  const valid = isValidNumberFormat(display.numberFormat);
  return (
    <div className="display-fields">
      <label className="field">
        <span>{t('editor.display.chartTitle')}</span>
        <input {...field('chartTitle')} maxLength={200} />
      </label>
      <label className="field">
        <span>{t('editor.display.kpiLabel')}</span>
        <input {...field('kpiLabel')} maxLength={200} />
      </label>
      <label className="field">
        <span>{t('editor.display.numberFormat')}</span>
        <input {...field('numberFormat')} maxLength={40} aria-invalid={!valid} placeholder="0,0.00" />
        <small className={valid ? 'muted' : 'error-text'}>
          {valid ? t('editor.display.numberFormatHint') : t('editor.display.numberFormatInvalid')}
          <br />
          {t('editor.display.numberFormatExample', {
            example: formatKpi(
              display.numberFormat?.trim().endsWith('%') ? 0.4567 : 1234567.891,
              display,
              format.locale,
            ),
          })}
        </small>
      </label>
      <label className="field">
        <span>{t('editor.display.prefix')}</span>
        <input {...field('prefix')} maxLength={20} />
      </label>
      <label className="field">
        <span>{t('editor.display.suffix')}</span>
        <input {...field('suffix')} maxLength={20} />
      </label>
    </div>
  );
}
