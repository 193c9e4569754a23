/**
 * @module `/devicelogin`, where a person finishes a device-code sign-in (RFC 8628 section 3.3):
 * enter the code the device shows, then sign in as a seeded user. `?otc=` fills the code in, as
 * Entra ID's page does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../context.js';
import { clientServes, findClient, type Client } from '../../auth/directory.js';
import { normalizeUserCode, type DeviceFlow } from '../../auth/sign-in-grants.js';
import { deviceCodePage, messagePage, signInPage, type PartnerChoice } from './sign-in-html.js';

const PATH = '/devicelogin';

const html = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(body);

const stringsOf = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(value && typeof value === 'object' ? value : {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && !e[1].includes('\u0000'),
    ),
  );

export function registerDeviceLogin(app: FastifyInstance, ctx: SandboxContext): void {
  const { store, grants } = ctx;

  async function choices(flow: DeviceFlow, client: Client, userCode: string): Promise<PartnerChoice[]> {
    const directory = await store.listPartners();
    return directory
      .filter(({ partner }) => (flow.tenantId ? partner.id === flow.tenantId : clientServes(client, partner)))
      .map(({ partner, users }) => ({
        name: partner.name,
        kind: partner.kind,
        domain: partner.domain,
        users: users.map((user) => ({
          userName: user.userName,
          displayName: user.displayName,
          href: `${PATH}?${new URLSearchParams({ otc: userCode, login_hint: user.userName }).toString()}`,
        })),
      }));
  }

  async function signInStep(reply: FastifyReply, flow: DeviceFlow, form: Record<string, string>, error?: string) {
    const client = await findClient(store, flow.clientId);
    return html(
      reply,
      error ? 400 : 200,
      signInPage({
        action: PATH,
        heading: 'Sign in on your device',
        appName: client.kind === 'public' ? client.name : client.app.displayName,
        hidden: { user_code: flow.userCode },
        username: form['username'] ?? form['login_hint'] ?? '',
        error,
        partners: await choices(flow, client, flow.userCode),
      }),
    );
  }

  async function step(reply: FastifyReply, form: Record<string, string>) {
    const code = form['user_code'] ?? form['otc'];
    if (code === undefined) return html(reply, 200, deviceCodePage({ action: PATH }));
    const flow = await grants.findDeviceFlow(code);
    if (flow === 'expired')
      return html(
        reply,
        400,
        deviceCodePage({ action: PATH, error: 'That code has expired. Get a new code on your device and try again.' }),
      );
    if (!flow)
      return html(
        reply,
        400,
        deviceCodePage({
          action: PATH,
          error: `The code ${normalizeUserCode(code)} was not found. Check it and try again.`,
        }),
      );
    if (form['username'] === undefined || form['password'] === undefined) return signInStep(reply, flow, form);
    const user = await store.findUserByName(form['username']);
    if (!user || user.password !== form['password'])
      return signInStep(reply, flow, form, 'AADSTS50126: Your account or password is incorrect.');
    if (flow.tenantId && user.partnerId !== flow.tenantId)
      return signInStep(
        reply,
        flow,
        form,
        `AADSTS50034: The user account ${user.userName} does not exist in this tenant.`,
      );
    const partner = await store.getPartner(user.partnerId);
    const client = await findClient(store, flow.clientId);
    if (!partner || !clientServes(client, partner))
      return signInStep(reply, flow, form, 'AADSTS700016: The application is not registered in your tenant.');
    if (!(await grants.approveDeviceFlow(flow, user.id)))
      return html(
        reply,
        400,
        deviceCodePage({ action: PATH, error: 'That code has already been used. Get a new code on your device.' }),
      );
    const name = client.kind === 'public' ? client.name : client.app.displayName;
    return html(
      reply,
      200,
      messagePage(
        'You are signed in',
        `You have signed in to the ${name} application on your device as ${user.userName}. You may now close this window.`,
      ),
    );
  }

  // HTML pages, not API operations: the OpenAPI document (JSON bodies only) leaves them out;
  // docs/sandbox.md describes them.
  const schema = { tags: ['token authority'], hide: true };
  app.get(PATH, { schema: { ...schema, summary: 'Device-code sign-in page' } }, (request: FastifyRequest, reply) =>
    step(reply, stringsOf(request.query)),
  );
  app.post(
    PATH,
    { schema: { ...schema, summary: 'Device-code sign-in form submission' } },
    (request: FastifyRequest, reply) => step(reply, stringsOf(request.body)),
  );
}
