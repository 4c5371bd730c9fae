// Numbers, sizes and dates in the user's language (Intl), so 1234567 reads "1,234,567" and dates
// follow local conventions. Timestamps from the API are epoch milliseconds.
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '.';

export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(locale, options).format(value);
}

// The same short unit symbols in every language (Intl's byte unit names are not consistent
// between sizes and locales).
const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 -> "1.5 KB" (units of 1024; the number in the locale's digits and separators). */
export function formatBytes(bytes: number, locale: string) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 });
  return `${number.format(value)} ${byteUnits[unit]}`;
}

export function formatDateTime(epochMs: number, locale: string) {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(epochMs),
  );
}

/** The formatters bound to the current UI language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = currentLanguage(i18n);
  return {
    locale,
    number: (value: number, options?: Intl.NumberFormatOptions) =>
      formatNumber(value, locale, options),
    bytes: (value: number) => formatBytes(value, locale),
    dateTime: (epochMs: number) => formatDateTime(epochMs, locale),
  };
}
