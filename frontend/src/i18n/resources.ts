// Every namespace of UI text, per language. One namespace per feature (one file per language in
// locales/<lang>/), so features add their text without touching each other's files.
import { cards as enCards } from './locales/en/cards';
import { common as enCommon } from './locales/en/common';
import { dashboards as enDashboards } from './locales/en/dashboards';
import { datasets as enDatasets } from './locales/en/datasets';
import { cards as jaCards } from './locales/ja/cards';
import { common as jaCommon } from './locales/ja/common';
import { dashboards as jaDashboards } from './locales/ja/dashboards';
import { datasets as jaDatasets } from './locales/ja/datasets';

export const resources = {
  en: { common: enCommon, datasets: enDatasets, cards: enCards, dashboards: enDashboards },
  ja: { common: jaCommon, datasets: jaDatasets, cards: jaCards, dashboards: jaDashboards },
} as const;

export const supportedLanguages = ['ja', 'en'] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultNamespace = 'common';
