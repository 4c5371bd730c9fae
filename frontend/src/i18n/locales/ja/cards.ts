import type { cards as en } from '../en/cards';

export const cards: typeof en = {
  title: 'カード',
  comingSoon: 'カードエディタは準備中です。',
};
