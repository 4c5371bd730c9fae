// The frame around every signed-in page: top bar with navigation (administration links for
// administrators only), language and user menu.
import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { useFreshUser } from '../../auth/useFreshUser';
import '../../styles/admin.css';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

export function AppShell() {
  const { t } = useTranslation(['common', 'sharing', 'admin']);
  useFreshUser();
  const isAdmin = useSession()?.user.role === 'admin';
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
          <NavLink to="/shared">{t('sharing:nav.shared')}</NavLink>
          {/* Administration is only offered to administrators (others get "not found"). */}
          {isAdmin && <NavLink to="/admin/users">{t('admin:nav.users')}</NavLink>}
          {isAdmin && <NavLink to="/admin/groups">{t('admin:nav.groups')}</NavLink>}
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
