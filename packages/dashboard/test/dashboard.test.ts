/**
 * @module The dashboard in a real browser against a real `partnerbox serve` on an SQLite file:
 * what issue 10 says must be shown. One chromium for the file, one page reused; each test signs
 * in as a partner of its own, so no test sees another's customers.
 */
import type { Customer } from '@partnerbox/contract/types';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  control,
  createPartner,
  failureScreenshot,
  launchBrowser,
  screenshots,
  seriousViolations,
  startSandbox,
  type Sandbox,
} from './support/dashboard-harness.js';
import { signIn } from './support/sign-in.js';

let sandbox: Sandbox;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [sandbox, browser] = await Promise.all([startSandbox(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
}, 120_000);

// A failing test leaves the page as it saw it, for the person reading the failure.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail')
    await page.screenshot({ path: failureScreenshot(task.name), fullPage: true }).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

async function expectAccessible(where: string): Promise<void> {
  expect(await seriousViolations(page), where).toEqual([]);
}

async function search(field: 'Company name' | 'Domain', prefix: string): Promise<void> {
  await page.getByLabel('Search by').selectOption({ label: field });
  await page.getByLabel('Starts with').fill(prefix);
  await page.getByRole('button', { name: 'Search' }).click();
}

async function openCustomer(name: string): Promise<void> {
  await search('Company name', name);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name: 'Customer Account Info' }).waitFor();
}

/** The confirmation dialog: it must name the customer. */
async function confirm(customerName: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain(customerName);
  await expectAccessible('a confirmation dialog');
  await dialog.getByRole('button', { name: new RegExp(`^(Delete|Cancel the|Remove the).*${customerName}`) }).click();
}

/** Enters the admin key once for this tab; later visits find the panel open. */
async function openPanel(): Promise<void> {
  await page.goto(`${sandbox.url}/#/sandbox`);
  const clock = page.getByRole('heading', { name: 'Clock', level: 2 });
  const key = page.getByLabel('Admin key');
  await clock.or(key).first().waitFor();
  if (await key.isVisible()) {
    await key.fill(sandbox.adminKey);
    await page.getByRole('button', { name: 'Open the panel' }).click();
  }
  await clock.waitFor();
}

async function fillNewCustomer(company: string, domain: string): Promise<void> {
  const form = page.getByRole('form', { name: 'New customer' });
  await form.getByLabel('Company name').fill(company);
  await form.getByLabel('Domain', { exact: true }).fill(domain);
  await form.getByLabel('Billing email').fill(`billing@${domain}.example.com`);
}

function errorNotice() {
  return page.getByRole('alert').filter({ hasText: 'Request id' });
}

describe('the dashboard, on SQLite', { timeout: 180_000 }, () => {
  it('signs in, creates and finds a customer by name, and shows the Microsoft ID the API returns', async () => {
    const partner = await createPartner(sandbox, 'sandbox', 'Dashboard Find Partner');
    await control(sandbox, 'POST', '/scenarios/customers-only', { count: 22, partnerTenantId: partner.tenantId });
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('heading', { name: 'Sign in to the sandbox' }).waitFor();
    await expectAccessible('the sign-in page');
    await screenshots(page, 'sign-in');
    await signIn(page, sandbox, partner);

    // Paging: 22 customers at 20 a page, the second page through the continuation token.
    await page.getByRole('row').nth(20).waitFor();
    expect(await page.getByRole('row').count()).toBe(21);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBe(3);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1').waitFor();

    await page.getByRole('button', { name: 'Add customer' }).click();
    await fillNewCustomer('Contoso Dashboard', 'contosodashboard');
    await expectAccessible('the new customer form');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { name: 'Customer created' }).waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await screenshots(page, 'customers');

    await search('Domain', 'contosodash');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await openCustomer('Contoso Dashboard');
    const shown = (await page.locator('#microsoft-id').textContent())?.trim();
    const listed = await api<{ items: Customer[] }>(sandbox, partner, '/customers?size=100');
    const contoso = listed.items.find((c) => c.companyProfile.companyName === 'Contoso Dashboard');
    expect(contoso?.companyProfile.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(shown).toBe(contoso?.companyProfile.tenantId);
    expect(await page.getByRole('button', { name: 'Copy the Microsoft ID' }).isVisible()).toBe(true);
    await expectAccessible('the account page');
  });

  it('deletes a customer with a reserved instance and software: blocked, cancel, wait with the clock, deleted', async () => {
    const partner = await createPartner(sandbox, 'sandbox', 'Dashboard Delete Partner');
    await control(sandbox, 'POST', '/scenarios/offboarding', { count: 2, partnerTenantId: partner.tenantId });
    await control(sandbox, 'POST', '/clock', { advanceSeconds: 60 }); // provisioning done
    await signIn(page, sandbox, partner);
    await openPanel();
    await page.goto(`${sandbox.url}/#/customers`);

    await openCustomer('Offboarding 1');
    for (const tab of ['Subscriptions', 'Entitlements', 'Orders']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel').getByRole('table').first().waitFor();
      await expectAccessible(`the ${tab} tab`);
    }
    await screenshots(page, 'account');
    await page.getByRole('button', { name: 'Delete customer' }).click();
    await page.getByRole('button', { name: 'Delete Offboarding 1…' }).click();
    await confirm('Offboarding 1');

    const refusal = errorNotice();
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('3000');
    const blocking = page.locator('.blocking-orders li');
    await expect.poll(() => blocking.count()).toBe(3);
    expect(await page.locator('.blocking-orders').textContent()).toContain('Reserved VM Instance');
    await screenshots(page, 'delete-blocked');
    await expectAccessible('the blocked deletion');

    await page.getByRole('button', { name: /^Cancel these orders and delete Offboarding 1/ }).click();
    await confirm('Offboarding 1');
    await page.getByText(/Waiting for the cancellations: 0 of 3/).waitFor();
    await page.getByRole('group', { name: 'Sandbox clock' }).getByRole('button', { name: '+10 seconds' }).click();

    await page.getByText('Offboarding 1 was deleted from the integration sandbox.').waitFor();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Offboarding 2' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Offboarding 1', exact: true }).count()).toBe(0);
    const left = await api<{ items: Customer[] }>(sandbox, partner, '/customers');
    expect(left.items.map((c) => c.companyProfile.companyName)).toEqual(['Offboarding 2']);
  });

  it('removes a reseller relationship in a production account: the plan names the subscriptions, suspend, remove', async () => {
    const partner = await createPartner(sandbox, 'production', 'Dashboard Removal Partner');
    await control(sandbox, 'POST', '/scenarios/relationship-removal', { count: 2, partnerTenantId: partner.tenantId });
    await control(sandbox, 'POST', '/clock', { advanceSeconds: 60 });
    await signIn(page, sandbox, partner);

    // The first customer holds a reserved instance: refused with the reason, nothing suspended.
    await openCustomer('Relationship Removal 1');
    await page.getByRole('button', { name: 'Remove reseller relationship' }).click();
    await page.getByRole('heading', { name: 'Plan' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('cannot be removed');
    expect(await page.getByRole('button', { name: /^Remove the relationship with/ }).isDisabled()).toBe(true);

    await page.goto(`${sandbox.url}/#/customers`);
    await openCustomer('Relationship Removal 2');
    const subscriptions = await api<{ items: { id: string; status: string }[] }>(
      sandbox,
      partner,
      `/customers/${page.url().split('/').pop() ?? ''}/subscriptions`,
    );
    expect(subscriptions.items.length).toBe(2);
    await page.getByRole('button', { name: 'Remove reseller relationship' }).click();
    const plan = page.locator('.plan');
    await plan.waitFor();
    for (const s of subscriptions.items) expect(await plan.textContent()).toContain(s.id);
    const go = page.getByRole('button', { name: 'Remove the relationship with Relationship Removal 2…' });
    expect(await go.isDisabled()).toBe(true);
    await page.getByLabel('Suspend the 2 active subscriptions first').check();
    await screenshots(page, 'remove-plan');
    await expectAccessible('the removal plan');
    await go.click();
    await confirm('Relationship Removal 2');
    await page.getByText('The reseller relationship with Relationship Removal 2 was removed.').waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Relationship Removal 1' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Relationship Removal 2' }).count()).toBe(0);
  });

  it('shows the Partner Center error of a production delete, an App-only token and the customer quota', async () => {
    const production = await createPartner(sandbox, 'production', 'Dashboard Refusal Partner');
    await control(sandbox, 'POST', '/scenarios/customers-only', { count: 1, partnerTenantId: production.tenantId });
    await signIn(page, sandbox, production);
    await openCustomer('Customers Only 1');
    await page.getByRole('button', { name: 'Delete customer' }).click();
    await page.getByRole('button', { name: 'Delete Customers Only 1…' }).click();
    await confirm('Customers Only 1');
    const refusal = errorNotice();
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(
      /900127[\s\S]*not supported in this environment[\s\S]*Request id [0-9a-f-]{36}/,
    );
    await screenshots(page, 'error');

    // An App-only token (chosen in the panel) may not remove a relationship: 403 900150.
    await openPanel();
    await page.getByLabel('Partner', { exact: true }).selectOption({ value: production.tenantId });
    await page.getByLabel(/An App-only token/).check();
    await page.getByText('/v1 calls use an App-only token').waitFor();
    await page.goto(`${sandbox.url}/#/customers`);
    await openCustomer('Customers Only 1');
    await page.getByRole('button', { name: 'Remove reseller relationship' }).click();
    await page.getByRole('button', { name: 'Remove the relationship with Customers Only 1…' }).click();
    await confirm('Customers Only 1');
    await errorNotice().waitFor();
    expect(await errorNotice().textContent()).toMatch(/900150[\s\S]*does not have the rights/);
    await page.getByRole('button', { name: 'Use my sign-in again' }).click();

    // The integration sandbox's 75-customer quota: 400 800018.
    const full = await createPartner(sandbox, 'sandbox', 'Dashboard Quota Partner');
    await control(sandbox, 'POST', '/scenarios/customers-only', { count: 75, partnerTenantId: full.tenantId });
    await signIn(page, sandbox, full);
    await page.getByRole('button', { name: 'Add customer' }).click();
    await fillNewCustomer('One Too Many', 'onetoomany');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await errorNotice().waitFor();
    expect(await errorNotice().textContent()).toMatch(/800018[\s\S]*sandbox limit has been met/);
  });

  it('the panel moves the clock, adds a fault rule the next UI action hits, and journals it', async () => {
    const partner = await createPartner(sandbox, 'sandbox', 'Dashboard Panel Partner');
    await signIn(page, sandbox, partner);
    await openPanel();
    const before = await control<{ offsetSeconds: number }>(sandbox, 'GET', '/clock');
    await page.getByLabel('Advance by (seconds)').fill('3600');
    await page.getByRole('button', { name: 'Advance the clock' }).click();
    await expect
      .poll(async () => (await control<{ offsetSeconds: number }>(sandbox, 'GET', '/clock')).offsetSeconds)
      .toBe(before.offsetSeconds + 3600);
    await page.getByText(`offset ${before.offsetSeconds + 3600} s`).waitFor();

    await page.getByLabel('Path glob', { exact: true }).first().fill('/v1/customers');
    await page.getByLabel('Fault', { exact: true }).selectOption('error');
    await page.getByRole('spinbutton', { name: 'Status' }).fill('503');
    await page.getByRole('button', { name: 'Add the rule' }).click();
    await page.getByRole('button', { name: 'Remove the fault rule on * /v1/customers' }).waitFor();
    await screenshots(page, 'sandbox');
    await expectAccessible('the sandbox panel');

    await page.goto(`${sandbox.url}/#/customers`);
    const refusal = errorNotice();
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/HTTP 503/);
    const requestId = (await refusal.locator('.request-id').textContent())?.trim() ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    await page.goto(`${sandbox.url}/#/sandbox`);
    await page.getByRole('textbox', { name: 'Status' }).fill('5xx');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator('.journal').getByText(requestId).waitFor();
    // times: 1, so the rule is spent and gone.
    expect(await control<unknown[]>(sandbox, 'GET', '/faults')).toEqual([]);
  });

  it('is usable at phone width', async () => {
    const partner = await createPartner(sandbox, 'sandbox', 'Dashboard Phone Partner');
    await control(sandbox, 'POST', '/scenarios/offboarding', { count: 1, partnerTenantId: partner.tenantId });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await signIn(page, sandbox, partner);
      await expectAccessible('the customers list at 390 px');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      // Nothing cut off inside the list's scrolling box either: a long domain or GUID once widened
      // its row past the screen, where the box clipped it.
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('table.stack td')]
          .filter((cell) => cell.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((cell) => cell.textContent),
      );
      expect(clipped).toEqual([]);
      await openCustomer('Offboarding 1');
      await expectAccessible('the account page at 390 px');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // The order's line items and the tabs too, which once sat in boxes that scrolled sideways.
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll('td, [role="tab"]')]
          .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((element) => element.textContent),
      );
      expect(cut).toEqual([]);
      await openPanel();
      await page.locator('.journal').waitFor();
      await expectAccessible('the sandbox panel at 390 px');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
