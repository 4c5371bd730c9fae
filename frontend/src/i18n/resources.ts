// Every namespace of UI text, per language. One namespace per feature (one file per language in
// locales/<lang>/), so features add their text without touching each other's files.
import { admin as enAdmin } from './locales/en/admin';
import { cards as enCards } from './locales/en/cards';
import { common as enCommon } from './locales/en/common';
import { dashboards as enDashboards } from './locales/en/dashboards';
import { datasets as enDatasets } from './locales/en/datasets';
import { sharing as enSharing } from './locales/en/sharing';
import { admin as jaAdmin } from './locales/ja/admin';
import { cards as jaCards } from './locales/ja/cards';
import { common as jaCommon } from './locales/ja/common';
import { dashboards as jaDashboards } from './locales/ja/dashboards';
import { datasets as jaDatasets } from './locales/ja/datasets';
import { sharing as jaSharing } from './locales/ja/sharing';

export const resources = {
  en: {
    common: enCommon,
    datasets: enDatasets,
    cards: enCards,
    dashboards: enDashboards,
    sharing: enSharing,
    admin: enAdmin,
  },
  ja: {
    common: jaCommon,
    datasets: jaDatasets,
    cards: jaCards,
    dashboards: jaDashboards,
    sharing: jaSharing,
    admin: jaAdmin,
  },
} as const;

export const supportedLanguages = ['ja', 'en'] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultNamespace = 'common';
