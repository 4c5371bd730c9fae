// Renders a piece of the app the way main.tsx does (i18n + router), at a chosen address.
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { createQueryClient } from '../api/queryClient';
import { createI18n } from '../i18n';
import { routes as appRoutes } from '../routes';

export function renderWithProviders(
  ui: ReactElement,
  { path = '/', language = 'en' }: { path?: string; language?: 'en' | 'ja' } = {},
) {
  return renderRoutes([{ path: '*', element: ui }], { path, language });
}

export function renderApp({ path = '/', language = 'en' } = {}) {
  return renderRoutes(appRoutes, { path, language: language as 'en' | 'ja' });
}

function renderRoutes(
  routes: RouteObject[],
  { path, language }: { path: string; language: 'en' | 'ja' },
) {
  localStorage.setItem('bi.language', language);
  const i18n = createI18n();
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false } });
  const result = render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nextProvider>,
  );
  return { ...result, router, i18n, queryClient };
}
