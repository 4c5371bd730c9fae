// The frame around every signed-in page: top bar with navigation, language and user menu.
import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFreshUser } from '../../auth/useFreshUser';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

export function AppShell() {
  const { t } = useTranslation();
  useFreshUser();
  return (
    <div className="app-shell">
      <header className="app-shell__bar">
        <NavLink to="/" className="app-shell__brand">
          {t('appName')}
        </NavLink>
        <nav className="app-shell__nav" aria-label={t('nav.main')}>
          <NavLink to="/datasets">{t('nav.datasets')}</NavLink>
          <NavLink to="/cards">{t('nav.cards')}</NavLink>
          <NavLink to="/dashboards">{t('nav.dashboards')}</NavLink>
        </nav>
        <div className="app-shell__spacer" />
        <LanguageSwitch />
        <UserMenu />
      </header>
      <main className="app-shell__main">
        <Outlet />
      </main>
    </div>
  );
}
