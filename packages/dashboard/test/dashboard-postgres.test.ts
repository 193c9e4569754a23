/**
 * @module A smoke run of the dashboard on PostgreSQL: the same served files and the same `/v1`
 * calls as on SQLite, against `partnerbox serve --database` on a throwaway database.
 */
import { createTestDatabase, type TestDatabase } from '@partnerbox/conformance';
import type { Customer } from '@partnerbox/contract/types';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, control, createPartner, launchBrowser, startSandbox, type Sandbox } from './support/dashboard-harness.js';
import { signIn } from './support/sign-in.js';

let database: TestDatabase;
let sandbox: Sandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  database = await createTestDatabase();
  [sandbox, browser] = await Promise.all([startSandbox({ databaseUrl: database.url }), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  await database?.drop();
});

describe('the dashboard, on PostgreSQL', () => {
  it('signs in, finds a customer, shows its Microsoft ID and suspends a subscription', async () => {
    const partner = await createPartner(sandbox, 'sandbox', 'Dashboard Postgres Partner');
    await control(sandbox, 'POST', '/scenarios/offboarding', { count: 2, partnerTenantId: partner.tenantId });
    await control(sandbox, 'POST', '/clock', { advanceSeconds: 60 });
    await signIn(page, sandbox, partner);

    await page.getByLabel('Starts with').fill('Offboarding 2');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Offboarding 2', exact: true }).click();
    await page.getByRole('heading', { name: 'Customer Account Info' }).waitFor();
    const listed = await api<{ items: Customer[] }>(sandbox, partner, '/customers');
    const expected = listed.items.find((c) => c.companyProfile.companyName === 'Offboarding 2');
    expect((await page.locator('#microsoft-id').textContent())?.trim()).toBe(expected?.companyProfile.tenantId);

    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    const suspend = page.getByRole('button', { name: /^Suspend / }).first();
    await suspend.click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Suspend / })
      .click();
    await page
      .getByRole('button', { name: /^Reactivate / })
      .first()
      .waitFor();
    const subscriptions = await api<{ items: { status: string }[] }>(
      sandbox,
      partner,
      `/customers/${expected?.id ?? ''}/subscriptions`,
    );
    expect(subscriptions.items.map((s) => s.status)).toContain('suspended');
  });
});
