// The editable part of a card, and what changed between two versions of it (a PATCH sends only
// that, so overwriting after a conflict keeps the other person's change to fields left alone).
import type { Card, CardPatch, DisplayOptions } from '../../api/types';

export interface CardDraft {
  title: string;
  description: string;
  datasetId: string;
  code: string;
  display: DisplayOptions;
}

export function draftOf(card: Card): CardDraft {
  return {
    title: card.title,
    description: card.description,
    datasetId: card.datasetId,
    code: card.code,
    display: card.display,
  };
}

/** Display options without empty fields (an emptied field is removed, not stored as ""). */
export function cleanDisplay(display: DisplayOptions): DisplayOptions {
  return Object.fromEntries(
    Object.entries(display).filter(([, value]) => value !== '' && value !== undefined),
  ) as DisplayOptions;
}

function sameDisplay(a: DisplayOptions, b: DisplayOptions) {
  const sorted = (d: DisplayOptions) => JSON.stringify(Object.entries(cleanDisplay(d)).sort());
  return sorted(a) === sorted(b);
}

/** The fields of `draft` that differ from `base` (title trimmed, as the server stores it). */
export function changedFields(base: CardDraft, draft: CardDraft): Omit<CardPatch, 'version'> {
  const change: Omit<CardPatch, 'version'> = {};
  if (draft.title.trim() !== base.title) change.title = draft.title.trim();
  if (draft.description !== base.description) change.description = draft.description;
  if (draft.datasetId !== base.datasetId) change.datasetId = draft.datasetId;
  if (draft.code !== base.code) change.code = draft.code;
  if (!sameDisplay(draft.display, base.display)) change.display = cleanDisplay(draft.display);
  return change;
}

/**
 * The draft after a save: each field still as it was sent takes the saved card's value; a field
 * changed since (typed while the save was under way) keeps the newer text.
 */
export function rebase(current: CardDraft, sent: CardDraft, saved: CardDraft): CardDraft {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return {
    title: same(current.title, sent.title) ? saved.title : current.title,
    description: same(current.description, sent.description)
      ? saved.description
      : current.description,
    datasetId: same(current.datasetId, sent.datasetId) ? saved.datasetId : current.datasetId,
    code: same(current.code, sent.code) ? saved.code : current.code,
    display: same(current.display, sent.display) ? saved.display : current.display,
  };
}
