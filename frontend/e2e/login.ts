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

/** Signing in as any user (the e2e tests create their own users through the admin pages). */
export async function logInAs(page: Page, user: { email: string; password: string }, path = '/') {
  await page.goto(path);
  await page.locator('input[type=email]').fill(user.email);
  await page.locator('input[type=password]').fill(user.password);
  await page.locator('button[type=submit]').click();
  await expect(page.locator('.user-menu__button')).toBeVisible();
}
