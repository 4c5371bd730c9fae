import { useTranslation } from 'react-i18next';

export function DatasetsPage() {
  const { t } = useTranslation('datasets');
  return (
    <section className="page">
      <h1>{t('title')}</h1>
    </section>
  );
}
