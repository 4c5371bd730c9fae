// Dashboards shared through a group, with four real users in their own browser contexts: the
// demo administrator creates an owner, a member and an outsider and a group holding the member
// (admin pages). The owner uploads a CSV, creates a dashboard with "New dashboard" and builds it
// in edit mode (two new cards, two filters), saves a shared filter view and shares the dashboard
// with the group as `view` (share dialog). The member finds it under "Shared with me", sees it
// read-only, applies the view and gets the filtered rows; after the owner upgrades the share to
// `edit` the member moves a card with the keyboard and saves. The outsider gets "not found", and
// so does the member once removed from the group on the admin pages. Screenshots of the
// dashboard at 1280 px and 390 px wide are kept in test-results/ on every run.
import {
  expect,
  test,
  type Browser,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { logIn, logInAs } from './login';

test.use({ locale: 'en-US' });

// Runs cards many times over: a bound for a stuck run on a loaded machine, not for speed.
test.setTimeout(300_000);

interface Account {
  name: string;
  email: string;
  password: string;
}

// Six rows where each filter alone lets a row through that the two together do not: the view
// "region North, quantity at least 3" keeps exactly North/Tea/5 and North/Coffee/3.
const salesCsv = [
  'region,product,quantity',
  'North,Tea,5',
  'North,Cake,1',
  'South,Tea,7',
  'South,Cake,2',
  'East,Tea,4',
  'North,Coffee,3',
].join('\n');

async function newPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, locale: 'en-US' });
  return context.newPage();
}

/** Creates a user on /admin/users and reads the one-time initial password the dialog shows. */
async function createUser(admin: Page, name: string, email: string): Promise<Account> {
  await admin.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
  await admin.getByRole('button', { name: 'New user' }).click();
  const form = admin.getByRole('dialog', { name: 'New user' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await expect(form.getByLabel('Role')).toHaveValue('member');
  await form.getByRole('button', { name: 'Create' }).click();
  const created = admin.getByRole('dialog', { name: 'User created' });
  const password = await created.getByLabel('Initial password').inputValue();
  expect(password).toMatch(/^\S{12,}$/);
  await created.getByRole('button', { name: 'Done' }).click();
  await expect(admin.getByRole('row', { name: new RegExp(escaped(email)) })).toBeVisible();
  return { name, email, password };
}

function escaped(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The dashboard's result table of one card (its article is labelled by the card's title). */
function resultTable(page: Page, cardTitle: string) {
  return page
    .getByRole('article', { name: cardTitle, exact: true })
    .getByRole('table', { name: 'Result table' });
}

/** Rows of a result table: aria-rowcount counts the header row too. */
async function expectRows(table: Locator, rows: number) {
  await expect(table).toHaveAttribute('aria-rowcount', String(rows + 1));
}

test('a dashboard shared with a group: view, filter view, edit, and access ending with membership', async ({
  browser,
  baseURL,
}, testInfo) => {
  const stamp = Date.now().toString(36);
  const groupName = `E2E analysts ${stamp}`;
  const dashboardTitle = `E2E regional sales ${stamp}`;
  const datasetName = `e2e-sales-${stamp}`;
  const cardA = `Sales rows ${stamp}`;
  const cardB = `More rows ${stamp}`;
  const viewName = 'North, at least 3';

  // --- The administrator sets up the users and the group through the admin pages.
  const admin = await newPage(browser, baseURL);
  await logIn(admin, '/');
  const owner = await createUser(admin, `Olivia Owner ${stamp}`, `olivia-${stamp}@example.com`);
  const member = await createUser(admin, `Mia Member ${stamp}`, `mia-${stamp}@example.com`);
  const outsider = await createUser(admin, `Oscar Out ${stamp}`, `oscar-${stamp}@example.com`);

  await admin.getByRole('navigation').getByRole('link', { name: 'Groups' }).click();
  await admin.getByLabel('New group name').fill(groupName);
  await admin.getByRole('button', { name: 'Create' }).click();
  await admin.getByRole('link', { name: groupName }).click();
  await expect(admin.getByRole('heading', { name: groupName })).toBeVisible();
  await admin.getByLabel('User to add').selectOption({ label: `${member.name} (${member.email})` });
  await admin.getByRole('button', { name: 'Add', exact: true }).click();
  const memberRow = admin.getByRole('row', { name: new RegExp(escaped(member.email)) });
  await expect(memberRow).toBeVisible();

  // --- The owner uploads the data and builds the dashboard in edit mode.
  const ownerPage = await newPage(browser, baseURL);
  await logInAs(ownerPage, owner, '/datasets');
  await ownerPage.getByRole('button', { name: 'Upload CSV' }).click();
  const upload = ownerPage.getByRole('dialog');
  await upload.getByLabel('CSV file').setInputFiles({
    name: `${datasetName}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(salesCsv + '\n'),
  });
  await expect(upload.getByLabel('Dataset name')).toHaveValue(datasetName);
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(ownerPage.getByRole('heading', { name: datasetName })).toBeVisible();

  // A new dashboard from the list's "New dashboard": it opens in edit mode, empty.
  await ownerPage.getByRole('navigation').getByRole('link', { name: 'Dashboards' }).click();
  await ownerPage.getByRole('button', { name: 'New dashboard' }).click();
  const creating = ownerPage.getByRole('dialog', { name: 'New dashboard' });
  await creating.getByLabel('Dashboard title').fill(dashboardTitle);
  await creating.getByLabel('Description').fill('Built by the end-to-end test');
  await creating.getByRole('button', { name: 'Create' }).click();
  await expect(creating).toBeHidden();
  await expect(ownerPage).toHaveURL(/\/dashboards\/[^/?#]+$/);
  const dashboardPath = new URL(ownerPage.url()).pathname;
  await expect(ownerPage.getByLabel('Dashboard title')).toHaveValue(dashboardTitle);
  await expect(ownerPage.getByText('No cards yet: add one.')).toBeVisible();

  for (const title of [cardA, cardB]) {
    await ownerPage.getByRole('button', { name: 'Add card…' }).click();
    const adding = ownerPage.getByRole('dialog', { name: 'Add a card' });
    await adding.getByLabel('Title').fill(title);
    await adding.getByLabel('Dataset').selectOption({ label: datasetName });
    await adding.getByRole('button', { name: 'Create and add' }).click();
    await expect(adding).toBeHidden();
    await expect(ownerPage.getByRole('article', { name: new RegExp(`^${title}:`) })).toBeVisible();
  }

  const filterEditor = ownerPage.getByRole('region', { name: 'Filters' });
  const addFilter = filterEditor.getByRole('button', { name: 'Add filter' });
  await addFilter.click();
  const regionFilter = filterEditor.getByRole('group', { name: 'Filter 1' });
  await regionFilter.getByLabel('Column').selectOption('region');
  await regionFilter.getByLabel('Kind').selectOption('select');
  await expect(regionFilter.getByLabel('Label')).toHaveValue('region');
  await addFilter.click();
  const quantityFilter = filterEditor.getByRole('group', { name: 'Filter 2' });
  await quantityFilter.getByLabel('Column').selectOption('quantity');
  await expect(quantityFilter.getByLabel('Kind')).toHaveValue('numeric_range');
  await quantityFilter.getByLabel('Label').fill('Quantity');
  await ownerPage.getByRole('button', { name: 'Save', exact: true }).click();

  // Saved: the view mode runs both cards over all six rows and shows the two filters.
  await expect(ownerPage.getByRole('button', { name: 'Edit', exact: true })).toBeVisible();
  await expectRows(resultTable(ownerPage, cardA), 6);
  await expectRows(resultTable(ownerPage, cardB), 6);
  const ownerFilters = ownerPage.getByRole('group', { name: 'Filters' });
  await ownerFilters.getByLabel('region', { exact: true }).selectOption({ label: 'North' });
  await expectRows(resultTable(ownerPage, cardA), 3);
  const minimum = ownerFilters.getByLabel('Quantity: Min');
  await minimum.fill('3');
  await minimum.press('Enter');
  await expectRows(resultTable(ownerPage, cardA), 2);
  await expectRows(resultTable(ownerPage, cardB), 2);

  await ownerFilters.getByRole('button', { name: 'Save as view…' }).click();
  const saveView = ownerPage.getByRole('dialog', { name: 'Save the current filters as a view' });
  await saveView.getByLabel('Name').fill(viewName);
  await saveView.getByLabel('Share with everyone who can view this dashboard').check();
  await saveView.getByRole('button', { name: 'Save' }).click();
  await expect(saveView).toBeHidden();
  // Listed for everyone who can view the dashboard (what it holds shows when the member applies it).
  await expect(
    ownerFilters.getByLabel('Filter view').getByRole('option', { name: `${viewName} (shared)` }),
  ).toBeAttached();

  // Shared with the group as `view` through the share dialog.
  await ownerPage.getByRole('button', { name: 'Share', exact: true }).click();
  const shareDialog = ownerPage.getByRole('dialog', { name: `Share “${dashboardTitle}”` });
  await expect(shareDialog.getByText('Not shared with anyone yet.')).toBeVisible();
  await shareDialog.getByLabel('Find users or groups').fill(groupName);
  await expect(shareDialog.getByLabel('Permission to give')).toHaveValue('view');
  await shareDialog.getByRole('button', { name: `Share with ${groupName}` }).click();
  const groupPermission = shareDialog.getByLabel(`Permission of ${groupName}`);
  await expect(groupPermission).toHaveValue('view');
  await shareDialog.getByRole('button', { name: 'Close' }).click();
  await expect(shareDialog).toBeHidden();

  // --- The member finds it shared with them, read-only, and applies the owner's view.
  const memberPage = await newPage(browser, baseURL);
  await logInAs(memberPage, member, '/');
  await memberPage.getByRole('navigation').getByRole('link', { name: 'Shared with me' }).click();
  const sharedRow = memberPage.getByRole('row', { name: new RegExp(escaped(dashboardTitle)) });
  await expect(sharedRow).toContainText(owner.name);
  await expect(sharedRow).toContainText('Can view');
  await sharedRow.getByRole('link', { name: dashboardTitle }).click();
  await expect(memberPage.getByRole('heading', { name: dashboardTitle })).toBeVisible();
  await expect(memberPage.getByText('Can view', { exact: true })).toBeVisible();
  await expectRows(resultTable(memberPage, cardA), 6);
  await expect(memberPage.getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(memberPage.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);

  const memberFilters = memberPage.getByRole('group', { name: 'Filters' });
  const memberViews = memberFilters.getByLabel('Filter view');
  await memberViews.selectOption({ label: `${viewName} (shared)` });
  await expect(memberViews.locator('option:checked')).toHaveText(`${viewName} (shared)`);
  await expect(memberFilters.getByLabel('region', { exact: true })).toHaveValue('"North"');
  await expect(memberFilters.getByLabel('Quantity: Min')).toHaveValue('3');
  const memberTable = resultTable(memberPage, cardA);
  await expectRows(memberTable, 2);
  await expectRows(resultTable(memberPage, cardB), 2);
  await expect(memberTable.getByRole('cell', { name: 'Tea', exact: true })).toHaveCount(1);
  await expect(memberTable.getByRole('cell', { name: 'Coffee', exact: true })).toHaveCount(1);
  await expect(memberTable.getByRole('cell', { name: 'South', exact: true })).toHaveCount(0);

  // Screenshots of the filtered dashboard, kept whether the test passes or not.
  await memberPage.setViewportSize({ width: 1280, height: 900 });
  await expect(memberPage.getByRole('article')).toHaveCount(2);
  await keepScreenshot(memberPage, testInfo, 'dashboard-desktop-1280.png');
  await memberPage.setViewportSize({ width: 390, height: 844 });
  // On a phone the cards stack: the second starts below the first, in the same column.
  const first = await memberPage.getByRole('article', { name: cardA, exact: true }).boundingBox();
  const second = await memberPage.getByRole('article', { name: cardB, exact: true }).boundingBox();
  expect(first && second).toBeTruthy();
  expect(second!.y).toBeGreaterThanOrEqual(first!.y + first!.height - 1);
  expect(Math.abs(second!.x - first!.x)).toBeLessThan(2);
  expect(first!.x + first!.width).toBeLessThanOrEqual(390);
  await keepScreenshot(memberPage, testInfo, 'dashboard-phone-390.png');
  await memberPage.setViewportSize({ width: 1280, height: 900 });

  // --- The owner upgrades the group's share to `edit`.
  await ownerPage.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(groupPermission).toHaveValue('view');
  await groupPermission.selectOption('edit');
  await expect(groupPermission).toHaveValue('edit');
  await expect(groupPermission).toBeEnabled();
  await shareDialog.getByRole('button', { name: 'Close' }).click();

  // The member now edits: moves the second card one column right with the keyboard and saves.
  await memberPage.reload();
  await expect(memberPage.getByText('Can edit', { exact: true })).toBeVisible();
  // Editors change the dashboard, not who it is shared with.
  await expect(memberPage.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);
  await memberPage.getByRole('button', { name: 'Edit', exact: true }).click();
  const movedCard = memberPage.getByRole('article', { name: new RegExp(`^${cardB}:`) });
  await expect(movedCard).toHaveAccessibleName(`${cardB}: column 1, row 5, 6 wide, 4 high`);
  await movedCard.focus();
  await memberPage.keyboard.press('ArrowRight');
  await expect(movedCard).toHaveAccessibleName(`${cardB}: column 2, row 5, 6 wide, 4 high`);
  await expect(memberPage.getByText('Unsaved changes')).toBeVisible();
  await memberPage.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(memberPage.getByRole('button', { name: 'Edit', exact: true })).toBeVisible();

  // The owner sees the member's move after a reload.
  await ownerPage.reload();
  await ownerPage.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(
    ownerPage.getByRole('article', { name: new RegExp(`^${cardB}:`) }),
  ).toHaveAccessibleName(`${cardB}: column 2, row 5, 6 wide, 4 high`);
  await ownerPage.getByRole('button', { name: 'Cancel', exact: true }).click();

  // --- Someone outside the group gets "not found" for the same address.
  const outsiderPage = await newPage(browser, baseURL);
  await logInAs(outsiderPage, outsider, dashboardPath);
  await expect(outsiderPage.getByRole('alert')).toContainText('Not found.');
  await expect(outsiderPage.getByRole('heading', { name: dashboardTitle })).toHaveCount(0);

  // --- Removing the member from the group ends their access.
  await admin.getByRole('button', { name: `Remove ${member.name} from the group` }).click();
  await expect(memberRow).toHaveCount(0);
  await memberPage.reload();
  await expect(memberPage.getByRole('alert')).toContainText('Not found.');
  await expect(memberPage.getByRole('heading', { name: dashboardTitle })).toHaveCount(0);
});

/** A full-page screenshot in this test's output folder (test-results/), kept on success too. */
async function keepScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
}
