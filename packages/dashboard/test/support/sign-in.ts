/** @module Signing in and out through the pages, as a person does: the dashboard, then the sandbox's sign-in page. */
import type { Page } from 'playwright-core';
import type { Sandbox, TestPartner } from './dashboard-harness.js';

/** Signs out first when someone is signed in; picks the partner's user on the sign-in page. */
export async function signIn(page: Page, sandbox: Sandbox, partner: TestPartner): Promise<void> {
  const user = partner.users[0];
  if (!user) throw new Error(`${partner.name} has no user`);
  await page.goto(`${sandbox.url}/#/customers`);
  const signOutButton = page.getByRole('button', { name: 'Sign out' });
  const signInButton = page.getByRole('button', { name: 'Sign in' });
  await signOutButton.or(signInButton).first().waitFor();
  if (await signOutButton.isVisible()) await signOut(page);
  await signInButton.click();
  // The sandbox's sign-in page (organizations): every partner with its users.
  await page.getByRole('heading', { name: 'Partners in this sandbox' }).waitFor();
  await page.getByRole('link', { name: user.userName, exact: true }).click();
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
  await page.getByText(user.userName).first().waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to the sandbox' }).waitFor();
}
