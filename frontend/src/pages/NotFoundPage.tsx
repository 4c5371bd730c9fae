import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('notFoundPage.title')}</h1>
      <Link to="/datasets">{t('notFoundPage.back')}</Link>
    </section>
  );
}
