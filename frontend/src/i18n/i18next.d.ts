// Typed translation keys: `t('nav.datasets')` is checked against the English text.
import 'i18next';
import type { defaultNamespace, resources } from './resources';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: typeof defaultNamespace;
    resources: (typeof resources)['en'];
  }
}
