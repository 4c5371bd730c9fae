import type { dashboards as en } from '../en/dashboards';

export const dashboards: typeof en = {
  title: 'ダッシュボード',
  list: {
    mine: '自分のダッシュボード',
    shared: '共有されたダッシュボード',
    emptyMine: 'ダッシュボードはまだありません。',
    emptyShared: '共有されたダッシュボードはありません。',
    columns: {
      title: 'タイトル',
      cards: 'カード',
      permission: 'あなたの権限',
      updated: '更新日時',
    },
    cardCount_one: '{{count}} 枚',
    cardCount_other: '{{count}} 枚',
  },
  permission: { owner: 'オーナー', edit: '編集可', view: '閲覧のみ' },
  page: {
    back: 'ダッシュボード',
    refresh: '更新',
    refreshing: '更新中…',
    refreshHint: 'キャッシュを使わずにすべてのカードを再実行します',
    noCards: 'このダッシュボードにはまだカードがありません。',
    cardLoading: '実行中…',
    fresh: '今実行した結果',
    cachedAge: 'キャッシュ（{{age}}前）',
    oldest: '最も古い結果: {{age}}前',
    allFresh: 'すべて最新の結果です',
    seconds: '{{count}} 秒',
    minutes: '{{count}} 分',
    hours: '{{count}} 時間',
    openCard: 'カード「{{title}}」を開く',
    untitled: 'カード {{id}}',
    notReturned: 'このカードは実行されませんでした。',
  },
};
