// Routes of the card pages (mounted under the signed-in shell). Pages load on first visit
// (`lazy`); the editor loads CodeMirror and plotly.js on top only when it needs them.
// `/cards/new` and `/cards/{id}` are one route, so saving a new card (which moves the address to
// its id) keeps the editor and its last result on screen.
import type { RouteObject } from 'react-router';

export const cardRoutes: RouteObject[] = [
  {
    path: 'cards',
    lazy: async () => ({ Component: (await import('./CardsPage')).CardsPage }),
  },
  {
    path: 'cards/:cardId',
    lazy: async () => ({ Component: (await import('./CardEditorPage')).CardEditorPage }),
  },
];
