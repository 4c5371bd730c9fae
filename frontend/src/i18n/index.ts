// i18next set-up. The language is the one the user chose (kept in localStorage), else the first
// of the browser's preferred languages that we support (Japanese for `ja` browsers), else English.
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { defaultNamespace, resources, supportedLanguages, type Language } from './resources';

export const languageStorageKey = 'bi.language';

export function createI18n() {
  const instance = i18n.createInstance();
  instance
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources,
      defaultNS: defaultNamespace,
      ns: Object.keys(resources.en),
      supportedLngs: [...supportedLanguages],
      nonExplicitSupportedLngs: true, // `ja-JP` -> `ja`
      load: 'languageOnly',
      fallbackLng: 'en',
      interpolation: { escapeValue: false }, // React escapes
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: languageStorageKey,
        caches: ['localStorage'],
      },
      initAsync: false,
    });
  const syncHtmlLang = (lng: string) => document.documentElement.setAttribute('lang', lng);
  syncHtmlLang(currentLanguage(instance));
  instance.on('languageChanged', syncHtmlLang);
  return instance;
}

/** The supported language in use ("ja-JP" resolves to "ja"). */
export function currentLanguage(instance: typeof i18n): Language {
  const lng = instance.resolvedLanguage ?? instance.language ?? 'en';
  return lng.startsWith('ja') ? 'ja' : 'en';
}
