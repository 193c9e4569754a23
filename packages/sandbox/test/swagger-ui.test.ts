/**
 * Swagger UI at `/docs` in a real browser (Chromium through playwright-core), as a person uses
 * it: Authorize with the OAuth2 client-credentials flow (the seeded sandbox partner's app, read
 * from the control plane), then run `GET /v1/customers` from the page and read the answer.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxControl } from '@partnerbox/testing';
import { ApiClient, customerBody, startEmbeddedTarget, type Target } from '@partnerbox/conformance';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let target: Target;
let browser: Browser;
beforeAll(async () => {
  target = await startEmbeddedTarget();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await target?.close();
});

/** The client-credentials block of the Authorize dialog: its client id, secret and scope. */
async function authorize(page: Page, clientId: string, clientSecret: string) {
  await page.getByRole('button', { name: 'Authorize' }).first().click();
  const flow = page.locator('.auth-container').filter({ hasText: 'Flow: clientCredentials' });
  await flow.getByLabel('client_id:').fill(clientId);
  await flow.getByLabel('client_secret:').fill(clientSecret);
  // Preselected by the page (initOAuth), so a person only types the credentials.
  expect(await flow.locator('input[type=checkbox]').isChecked()).toBe(true);
  const token = page.waitForResponse((r) => r.url().endsWith('/oauth2/v2.0/token'));
  await flow.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
  const answer = await token;
  expect(answer.status()).toBe(200);
  // Swagger UI sends the app's credentials as client_secret_basic, as Entra ID accepts them.
  expect(answer.request().headers()['authorization']).toMatch(/^Basic /);
  await flow.getByRole('button', { name: 'Remove authorization' }).waitFor();
  await page.locator('.modal-ux button.close-modal').click();
}

describe('Swagger UI in a browser', () => {
  it('signs in with client credentials and lists customers from the page', async () => {
    const base = target.baseUrls[0] as string;
    const partners = await new SandboxControl(base, target.control?.adminKey ?? '').listPartners();
    const app = partners.find((p) => p.kind === 'sandbox')?.apps[0];
    if (!app) throw new Error('The sandbox has no integration-sandbox partner app');
    const api = new ApiClient(target);
    const created = customerBody();
    const token = await api.token(target.sandboxPartner);
    expect((await api.request('POST', '/v1/customers', { token, body: created })).status).toBe(201);

    const page = await browser.newPage();
    try {
      await page.goto(`${base}/docs`);
      await page.locator('#operations-customers-listCustomers').waitFor();
      await authorize(page, app.clientId, app.clientSecret);

      const operation = page.locator('#operations-customers-listCustomers');
      await operation.locator('.opblock-summary').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/customers');
      await operation.getByRole('button', { name: 'Execute' }).click();
      const response = await answered;
      expect(response.status()).toBe(200);
      expect(response.request().headers()['authorization']).toMatch(/^Bearer /);
      const live = operation.locator('.live-responses-table');
      await expect.poll(() => live.locator('tbody .response-col_status').first().textContent()).toContain('200');
      await expect
        .poll(() => live.locator('tbody .response-col_description').first().textContent())
        .toContain(created.companyProfile.domain);
    } finally {
      await page.close();
    }
  });
});
