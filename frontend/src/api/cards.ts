// Card calls: list, read, create, change (with `version`), delete, and runs (the editor's
// preview of unsaved code, and a saved card's run). Runs take an AbortSignal: the editor's
// Cancel closes the request, and the executor stops the card when its client is gone.
import { api, call } from './client';
import type { CardCreate, CardPatch } from './types';

/** The caller's own cards (newest first), then read-only ones on dashboards shared with them. */
export function listCards() {
  return call(api.GET('/api/cards'));
}

export function getCard(cardId: string) {
  return call(api.GET('/api/cards/{cardId}', { params: { path: { cardId } } }));
}

export function createCard(card: CardCreate) {
  return call(api.POST('/api/cards', { body: card }));
}

/** Changes only the fields given; `version` is the one the change was based on (409 if stale). */
export function updateCard(cardId: string, change: CardPatch) {
  return call(api.PATCH('/api/cards/{cardId}', { params: { path: { cardId } }, body: change }));
}

export function deleteCard(cardId: string, version?: number) {
  return call(
    api.DELETE('/api/cards/{cardId}', { params: { path: { cardId }, query: { version } } }),
  );
}

/** Runs unsaved code on a dataset (the editor's Run). */
export function previewCard(
  run: { datasetId: string; code: string; noCache?: boolean },
  signal?: AbortSignal,
) {
  const body = { ...run, noCache: run.noCache ?? false };
  return call(api.POST('/api/cards/preview', { body, signal }));
}

/** Runs a saved card as stored (read-only cards: the viewer may not read its dataset directly). */
export function runCard(cardId: string, signal?: AbortSignal, noCache = false) {
  return call(
    api.POST('/api/cards/{cardId}/run', {
      params: { path: { cardId } },
      body: { noCache },
      signal,
    }),
  );
}
