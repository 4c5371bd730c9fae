import type { common as en } from '../en/common';

export const common: typeof en = {
  appName: 'bi-tool',
  nav: { datasets: 'データセット', cards: 'カード', main: 'メインナビゲーション' },
  user: { menu: 'アカウント', logout: 'ログアウト', signedInAs: '{{name}} としてログイン中' },
  language: { label: '言語', ja: '日本語', en: 'English' },
  login: {
    title: 'ログイン',
    email: 'メールアドレス',
    password: 'パスワード',
    submit: 'ログイン',
    submitting: 'ログインしています…',
    invalid: 'メールアドレスまたはパスワードが正しくありません。',
    rateLimited:
      '失敗が続いたため一時的にロックされています。{{seconds}} 秒後に再試行してください。',
    sessionExpired: 'セッションが終了しました。もう一度ログインしてください。',
  },
  state: { loading: '読み込み中…', empty: 'まだ何もありません。', retry: '再試行' },
  action: {
    cancel: 'キャンセル',
    close: '閉じる',
    save: '保存',
    delete: '削除',
    reload: '再読み込み',
  },
  error: {
    title: 'エラーが発生しました',
    network: 'サーバーに接続できません。接続を確認して再試行してください。',
    notFound: '見つかりません。',
    forbidden: 'この操作を行う権限がありません。',
    conflict: 'ほかのユーザーがこの間に変更しました。',
    tooLarge: 'ファイルが大きすぎます (上限 100 MB)。',
    unavailable: 'サービスが混み合っています。しばらくしてから再試行してください。',
    server: 'サーバーエラー ({{status}})',
    requestId: 'リクエスト ID: {{id}}',
  },
  notFoundPage: { title: 'ページが見つかりません', back: 'データセットへ戻る' },
};
