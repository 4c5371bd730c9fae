// The signed-in user's name with a menu that holds "Log out".
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { signOut } from '../../auth/signOut';
import { useSession } from '../../auth/session';

export function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  // Close on a click elsewhere or Escape, as menus do.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!session) return null;
  return (
    <div className="user-menu" ref={menuRef}>
      <button
        type="button"
        className="user-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        {session.user.name || session.user.email}
      </button>
      {open && (
        <div className="user-menu__popup" role="menu" aria-label={t('user.menu')}>
          <div className="user-menu__who">{session.user.email}</div>
          <button
            type="button"
            role="menuitem"
            onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}
          >
            {t('user.logout')}
          </button>
        </div>
      )}
    </div>
  );
}
