// The login page's address for a page that needs a session, and the way back after login.

export function loginPathFor(location: { pathname: string; search: string; hash: string }) {
  const wanted = location.pathname + location.search + location.hash;
  return wanted === '/' ? '/login' : `/login?next=${encodeURIComponent(wanted)}`;
}

/** Where to go after login: only paths inside this app (no `//host` or `https:` tricks). */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
