import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createQueryClient } from './api/queryClient';
import { subscribeSession, getSession } from './auth/session';
import { preventFileDropNavigation } from './components/preventFileDropNavigation';
import { createI18n } from './i18n';
import { routes } from './routes';
import './styles/app.css';

preventFileDropNavigation();
const router = createBrowserRouter(routes);
const i18n = createI18n();
const queryClient = createQueryClient();
// Nothing cached for one user may show for the next one.
subscribeSession(() => {
  if (!getSession()) queryClient.clear();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
