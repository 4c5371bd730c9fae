// Placeholder until the cards list and editor land (issue 10, card editor part).
import { useTranslation } from 'react-i18next';

export function CardsPage() {
  const { t } = useTranslation('cards');
  return (
    <section className="page">
      <h1>{t('title')}</h1>
      <p>{t('comingSoon')}</p>
    </section>
  );
}
