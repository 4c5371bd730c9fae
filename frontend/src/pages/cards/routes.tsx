// Routes of the card pages (mounted under the signed-in shell).
import type { RouteObject } from 'react-router';
import { CardsPage } from './CardsPage';

export const cardRoutes: RouteObject[] = [{ path: 'cards', element: <CardsPage /> }];
