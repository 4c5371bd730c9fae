// Text of the cards pages (list, editor).
export const cards = {
  title: 'Cards',
  comingSoon: 'The card editor is on its way.',
};
