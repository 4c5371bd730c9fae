// Signing in as the demo administrator that `bi serve --demo` creates.
import { expect, type Page } from '@playwright/test';

export const demoAdmin = { email: 'admin@example.com', password: 'bi-demo-password' };

export async function logIn(page: Page, path = '/') {
  await page.goto(path);
  await page.locator('input[type=email]').fill(demoAdmin.email);
  await page.locator('input[type=password]').fill(demoAdmin.password);
  await page.locator('button[type=submit]').click();
  await expect(page.locator('.user-menu__button')).toBeVisible();
}
