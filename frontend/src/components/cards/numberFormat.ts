// KPI numbers as the card's display options ask: a pattern such as `0,0.00`, `0.0%` or `0.0a`
// (docs/openapi.yaml, DisplayOptions.numberFormat), written with the reader's language's
// separators by Intl. An empty or unknown pattern shows the number as is, grouped, with up to
// two decimals.
import type { DisplayOptions } from '../../api/types';

const pattern = /^0(,0)?(?:\.(0+))?([%a])?$/;

export function numberFormatOptions(format: string | undefined): Intl.NumberFormatOptions | null {
  const match = pattern.exec((format ?? '').trim());
  if (!match) return null;
  const decimals = match[2]?.length ?? 0;
  const options: Intl.NumberFormatOptions = {
    useGrouping: match[1] !== undefined,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  };
  if (match[3] === '%') options.style = 'percent';
  if (match[3] === 'a') {
    options.notation = 'compact';
    options.useGrouping = true;
  }
  return options;
}

export function isValidNumberFormat(format: string | undefined) {
  return !format?.trim() || numberFormatOptions(format) !== null;
}

/** The KPI value as text: prefix + the number in the reader's locale + suffix. */
export function formatKpi(value: number, display: DisplayOptions, locale: string): string {
  const options = numberFormatOptions(display.numberFormat) ?? { maximumFractionDigits: 2 };
  const number = new Intl.NumberFormat(locale, options).format(value);
  return `${display.prefix ?? ''}${number}${display.suffix ?? ''}`;
}
