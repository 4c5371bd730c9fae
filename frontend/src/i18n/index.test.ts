import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n, currentLanguage, languageStorageKey } from '.';

function withBrowserLanguages(languages: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(languages[0] ?? '');
}

afterEach(() => vi.restoreAllMocks());

describe('UI language', () => {
  it('is Japanese when the browser prefers Japanese', () => {
    withBrowserLanguages(['ja-JP', 'en-US']);
    const i18n = createI18n();
    expect(currentLanguage(i18n)).toBe('ja');
    expect(i18n.t('nav.datasets')).toBe('データセット');
    expect(document.documentElement.lang).toBe('ja');
  });

  it('is English for other browsers', () => {
    withBrowserLanguages(['fr-FR', 'de']);
    expect(currentLanguage(createI18n())).toBe('en');
    withBrowserLanguages(['en-GB', 'ja']);
    expect(currentLanguage(createI18n())).toBe('en');
  });

  it('remembers the language the user chose over the browser preference', async () => {
    withBrowserLanguages(['ja-JP']);
    const first = createI18n();
    await first.changeLanguage('en');
    expect(localStorage.getItem(languageStorageKey)).toBe('en');
    expect(document.documentElement.lang).toBe('en');

    const later = createI18n();
    expect(currentLanguage(later)).toBe('en');
    expect(later.t('nav.datasets')).toBe('Datasets');
  });
});
