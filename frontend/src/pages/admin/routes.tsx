// Routes of the administration pages (mounted under the signed-in shell). Only administrators
// see them: anyone else gets the not-found page, before any of their code loads. Pages load on
// first visit (`lazy`).
import { Navigate, Outlet, type RouteObject } from 'react-router';
import { RequireAdmin } from './RequireAdmin';

export const adminRoutes: RouteObject[] = [
  {
    path: 'admin',
    element: (
      <RequireAdmin>
        <Outlet />
      </RequireAdmin>
    ),
    children: [
      { index: true, element: <Navigate to="users" replace /> },
      {
        path: 'users',
        lazy: async () => ({ Component: (await import('./UsersAdminPage')).UsersAdminPage }),
      },
      {
        path: 'groups',
        lazy: async () => ({ Component: (await import('./GroupsAdminPage')).GroupsAdminPage }),
      },
      {
        path: 'groups/:groupId',
        lazy: async () => ({ Component: (await import('./GroupAdminPage')).GroupAdminPage }),
      },
    ],
  },
];
