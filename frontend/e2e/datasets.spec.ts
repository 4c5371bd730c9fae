// Datasets through the browser: sign-in redirect, a Shift_JIS (CP932) upload with a quoted line
// break and NEC special characters, the import error report, and the Japanese UI.
import { expect, test } from '@playwright/test';
import iconv from 'iconv-lite';
import { logIn } from './login';

test.use({ locale: 'en-US' });

function cp932Csv() {
  const text = '地域,商品,数量,メモ\r\n東京,紅茶,3,"一行目\n二行目"\r\n大阪,ケーキ,5,㈱テスト①\r\n';
  return iconv.encode(text, 'cp932');
}

test('a visitor is sent to login and comes back to the page they wanted', async ({ page }) => {
  await page.goto('/datasets');
  await expect(page).toHaveURL(/\/login\?next=%2Fdatasets$/);
  await logIn(page, page.url());
  await expect(page).toHaveURL(/\/datasets$/);
  await expect(page.getByRole('heading', { name: 'Datasets' })).toBeVisible();
});

test('a CP932 upload keeps its Japanese text and the line break inside quotes', async ({
  page,
}) => {
  await logIn(page, '/datasets');
  await page.getByRole('button', { name: 'Upload CSV' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('CSV file').setInputFiles({
    name: 'uriage.csv',
    mimeType: 'text/csv',
    buffer: cp932Csv(),
  });
  await expect(dialog.getByLabel('Dataset name')).toHaveValue('uriage');
  await dialog.getByRole('button', { name: 'Upload' }).click();

  await expect(page).toHaveURL(/\/datasets\/[^/]+$/);
  await expect(page.getByRole('heading', { name: 'uriage' })).toBeVisible();
  const preview = page.getByRole('table', { name: 'Rows of uriage' });
  await expect(preview.getByRole('columnheader', { name: /地域/ })).toBeVisible();
  const memo = preview.getByRole('cell', { name: /一行目/ });
  await expect(memo).toHaveAttribute('title', '一行目\n二行目');
  await expect(preview.getByRole('cell', { name: '㈱テスト①' })).toBeVisible();
  await expect(page.getByText('cp932')).toBeVisible();

  await page.getByRole('tab', { name: 'Schema' }).click();
  const quantity = page.getByRole('row', { name: /数量/ });
  await expect(quantity.locator('.type-badge')).toHaveText('int64');
});

test('an import error names the row, the column and the reason', async ({ page }) => {
  await logIn(page, '/datasets');
  await page.getByRole('button', { name: 'Upload CSV' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('CSV file').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,b\n1,2\n3,4,5\n'),
  });
  await dialog.getByRole('button', { name: 'Upload' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('The file could not be imported.');
  await expect(alert).toContainText('Row3');
  await expect(alert).toContainText('Column3');
  await expect(alert).toContainText('This row has more fields than the header.');
});

test('10,000 rows scroll with only the visible ones in the page', async ({ page }) => {
  const lines = ['id,city,amount'];
  for (let i = 1; i <= 10_000; i++) lines.push(`${i},${i % 2 ? '東京' : '大阪'},${i * 1.5}`);
  await logIn(page, '/datasets');
  await page.getByRole('button', { name: 'Upload CSV' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('CSV file').setInputFiles({
    name: 'ten-thousand.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.join('\n') + '\n'),
  });
  await dialog.getByRole('button', { name: 'Upload' }).click();

  const preview = page.getByRole('table', { name: 'Rows of ten-thousand' });
  await expect(preview.getByRole('cell', { name: '1', exact: true }).first()).toBeVisible();
  await preview.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(preview.getByRole('cell', { name: '10,000', exact: true })).toBeVisible();
  await expect(preview.getByRole('cell', { name: '15,000', exact: true })).toBeVisible();
  expect(await preview.getByRole('row').count()).toBeLessThan(100);
});

test.describe('in a Japanese browser', () => {
  test.use({ locale: 'ja-JP' });

  test('the app speaks Japanese', async ({ page }) => {
    await logIn(page, '/datasets');
    await expect(page.getByRole('heading', { name: 'データセット' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'CSV をアップロード' })).toBeVisible();
  });
});
