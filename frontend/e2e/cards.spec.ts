// Cards through the browser, against the demo server: write a card that draws a plotly bar
// chart, run it with Ctrl/Cmd+Enter and see the chart's SVG, break it and see the failing line
// highlighted, fix and save it, reload, and find it in the cards list.
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './login';

test.use({ locale: 'en-US' });

const barChart = [
  'totals = df.groupby("region", as_index=False)["quantity"].sum()',
  'fig = go.Figure(go.Bar(x=totals["region"], y=totals["quantity"]))',
  'fig',
].join('\n');

const broken = [
  'totals = df.groupby("region", as_index=False)["quantity"].sum()',
  'missing = df["no_such_column"]',
  'fig = go.Figure(go.Bar(x=totals["region"], y=totals["quantity"]))',
  'fig',
].join('\n');

/** Replaces the editor's text (typed as one insertion, so no brackets are auto-closed). */
async function setCode(page: Page, code: string) {
  const editor = page.getByRole('textbox', { name: 'Python code of the card' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
  await expect(editor).toContainText(code.split('\n')[0]!);
}

test('a plotly card is written, run, broken, fixed, saved and found again', async ({ page }) => {
  const title = `E2E bar chart ${Date.now()}`;
  await logIn(page, '/cards');
  await page.getByRole('link', { name: 'New card' }).click();
  await expect(page).toHaveURL(/\/cards\/new$/);
  await page.getByLabel('Card title').fill(title);
  // The demo dataset is picked, and its columns are listed beside the editor.
  await expect(page.getByLabel('Dataset')).not.toHaveValue('');
  await expect(page.getByRole('button', { name: 'region' })).toBeVisible();

  await setCode(page, barChart);
  await page.keyboard.press('ControlOrMeta+Enter');
  const output = page.getByRole('region', { name: 'Output' });
  await expect(output.locator('svg.main-svg').first()).toBeVisible();
  await expect(output.locator('.barlayer .trace.bars .point path')).toHaveCount(5); // 5 regions
  await expect(page.getByText(/Finished in/)).toBeVisible();

  await setCode(page, broken);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(output.getByRole('alert')).toContainText('The code raised an error on line 2.');
  await expect(output.getByRole('alert')).toContainText('no_such_column');
  const highlighted = page.locator('.cm-errorLine');
  await expect(highlighted).toHaveCount(1);
  await expect(highlighted).toHaveText('missing = df["no_such_column"]');

  await setCode(page, barChart);
  await page.getByRole('button', { name: /Run/ }).click();
  await expect(output.locator('svg.main-svg').first()).toBeVisible();
  await expect(page.locator('.cm-errorLine')).toHaveCount(0);

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page).toHaveURL(/\/cards\/(?!new)[^/]+$/);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Card title')).toHaveValue(title);
  await expect(page.getByRole('textbox', { name: 'Python code of the card' })).toContainText(
    'go.Bar(',
  );
  await page.getByRole('navigation').getByRole('link', { name: 'Cards' }).click();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('(demo sales)');
});

test.describe('in a Japanese browser', () => {
  test.use({ locale: 'ja-JP' });

  test('the editor speaks Japanese and explains an error by its line', async ({ page }) => {
    await logIn(page, '/cards/new');
    await expect(page.getByRole('button', { name: /実行/ })).toBeVisible();
    const editor = page.getByRole('textbox', { name: 'カードの Python コード' });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('x = 1\ny = 1 / 0\n');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByRole('alert')).toContainText('2 行目でエラーが発生しました');
    await expect(page.locator('.cm-errorLine')).toHaveText('y = 1 / 0');
  });
});
