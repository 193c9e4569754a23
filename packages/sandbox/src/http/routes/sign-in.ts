/**
 * @module The authorize endpoint (`GET /{tenant}/oauth2/v2.0/authorize`, and the v1 path) and its
 * sign-in page for the seeded users; logout. Errors before the redirect URI is trusted are an
 * HTML page, after it a redirect with `error` (RFC 6749 section 4.1.2.1).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../context.js';
import type { PartnerRecord } from '../../domain/records.js';
import { clientIdOf, clientName, clientServes, findClient, resolveTenant, type Client } from '../../auth/directory.js';
import { checkAudience } from '../../auth/audience.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { isS256Challenge } from '../../auth/pkce.js';
import { allowedRedirectUri } from '../../auth/redirect-uris.js';
import { publicOrigin } from '../public-origin.js';
import { formPostPage, messagePage, signInPage, type PartnerChoice } from './sign-in-html.js';

type Params = Record<string, string>;
type ResponseMode = 'query' | 'fragment' | 'form_post';

/** A request the page may sign in for: its redirect URI is trusted, so errors can go back to it. */
interface Authorization {
  params: Params;
  partner: PartnerRecord | undefined;
  client: Client;
  redirectUri: URL;
  responseMode: ResponseMode;
}

/** The error goes back to the client, not to the person: the redirect URI is trusted. */
class RedirectError extends Error {
  constructor(
    readonly authorization: Authorization,
    readonly oauth: OAuthError,
  ) {
    super(oauth.message);
  }
}

const stringsOf = (value: unknown): Params =>
  Object.fromEntries(
    Object.entries(value && typeof value === 'object' ? value : {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && !e[1].includes('\u0000'),
    ),
  );

const html = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(body);

const errorPage = (reply: FastifyReply, e: OAuthError) =>
  html(
    reply,
    e.status === 401 ? 400 : e.status,
    messagePage('Sorry, but we are having trouble signing you in', e.summary),
  );

export function registerSignIn(app: FastifyInstance, ctx: SandboxContext): void {
  const { store } = ctx;

  /** What every request to the page must name before anything can be sent back to the client. */
  async function trust(tenant: string, params: Params, origin: string): Promise<Authorization> {
    const partner = await resolveTenant(store, tenant);
    const client = await findClient(store, params['client_id']);
    const uri = params['redirect_uri'];
    if (!uri)
      throw new OAuthError(400, 'invalid_request', 900144, "The request must contain the parameter 'redirect_uri'.");
    const redirectUri = allowedRedirectUri(uri, origin);
    if (!redirectUri)
      throw new OAuthError(
        400,
        'invalid_request',
        50011,
        `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${clientIdOf(client)}': the sandbox allows http://localhost, http://127.0.0.1 and http://[::1] on any port, and its own origin ${origin}.`,
      );
    if (partner && !clientServes(client, partner))
      throw new OAuthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientIdOf(client)}' was not found in the directory '${partner.domain}'.`,
      );
    const mode = params['response_mode'] ?? 'query';
    const authorization: Authorization = { params, partner, client, redirectUri, responseMode: 'query' };
    if (mode !== 'query' && mode !== 'fragment' && mode !== 'form_post')
      throw new RedirectError(
        authorization,
        new OAuthError(400, 'invalid_request', 900144, `The response_mode '${mode}' is not supported.`),
      );
    authorization.responseMode = mode;
    return authorization;
  }

  /** The rest of RFC 6749 section 4.1.1 and RFC 7636, answered through the redirect URI. */
  function check(a: Authorization): void {
    const fail = (error: string, aadsts: number, description: string) => {
      throw new RedirectError(a, new OAuthError(400, error, aadsts, description));
    };
    const { params } = a;
    if (params['response_type'] !== 'code')
      fail(
        'unsupported_response_type',
        700054,
        `The response_type '${params['response_type'] ?? ''}' is not supported: the sandbox issues authorization codes only.`,
      );
    try {
      checkAudience(params);
    } catch (error) {
      if (error instanceof OAuthError) throw new RedirectError(a, error);
      throw error;
    }
    const challenge = params['code_challenge'];
    if (challenge !== undefined) {
      if (params['code_challenge_method'] !== 'S256')
        fail('invalid_request', 9002330, "The sandbox requires code_challenge_method 'S256' with a code_challenge.");
      if (!isS256Challenge(challenge))
        fail('invalid_request', 9002330, 'The code_challenge is not a base64url-encoded SHA-256 hash (43 characters).');
    } else if (a.client.kind === 'public')
      fail(
        'invalid_request',
        9002325,
        'Proof Key for Code Exchange is required for the public client: send a code_challenge.',
      );
    if (params['prompt'] === 'none')
      fail('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
  }

  function redirect(reply: FastifyReply, a: Authorization, fields: Params) {
    const state = a.params['state'];
    const all: Params = state === undefined ? fields : { ...fields, state };
    if (a.responseMode === 'form_post') return html(reply, 200, formPostPage(a.redirectUri.href, all));
    const target = new URL(a.redirectUri.href);
    if (a.responseMode === 'fragment') target.hash = new URLSearchParams(all).toString();
    else for (const [name, value] of Object.entries(all)) target.searchParams.set(name, value);
    return reply.code(302).header('Cache-Control', 'no-store').redirect(target.href, 302);
  }

  const redirectError = (reply: FastifyReply, e: RedirectError) =>
    redirect(reply, e.authorization, { error: e.oauth.error, error_description: e.oauth.summary });

  /** The partners (and their users) the page offers: every partner the client serves for `organizations`. */
  async function choices(a: Authorization, path: string): Promise<PartnerChoice[]> {
    const directory = await store.listPartners();
    return directory
      .filter(({ partner }) => (a.partner ? partner.id === a.partner.id : clientServes(a.client, partner)))
      .map(({ partner, users }) => ({
        name: partner.name,
        kind: partner.kind,
        domain: partner.domain,
        users: users.map((user) => {
          const query = new URLSearchParams({ ...a.params, login_hint: user.userName });
          return { userName: user.userName, displayName: user.displayName, href: `${path}?${query.toString()}` };
        }),
      }));
  }

  async function renderPage(reply: FastifyReply, a: Authorization, path: string, status: number, error?: string) {
    const hidden = { ...a.params };
    const username = hidden['username'] ?? hidden['login_hint'] ?? '';
    delete hidden['username'];
    delete hidden['password'];
    return html(
      reply,
      status,
      signInPage({
        action: path,
        appName: clientName(a.client),
        hidden,
        username,
        error,
        partners: await choices(a, path),
      }),
    );
  }

  async function signIn(reply: FastifyReply, a: Authorization, path: string) {
    const { params } = a;
    const user = params['username'] ? await store.findUserByName(params['username']) : undefined;
    if (!user || user.password !== params['password'])
      return renderPage(reply, a, path, 400, 'AADSTS50126: Your account or password is incorrect.');
    const partner = await store.getPartner(user.partnerId);
    if (!partner || (a.partner && a.partner.id !== partner.id))
      return renderPage(
        reply,
        a,
        path,
        400,
        `AADSTS50034: The user account ${user.userName} does not exist in this tenant.`,
      );
    if (!clientServes(a.client, partner))
      return renderPage(reply, a, path, 400, `AADSTS700016: The application is not registered in ${partner.domain}.`);
    const code = await ctx.grants.issueCode({
      tenantId: partner.id,
      clientId: clientIdOf(a.client),
      userId: user.id,
      redirectUri: params['redirect_uri'] ?? '',
      codeChallenge: params['code_challenge'],
      scope: params['scope'] ?? params['resource'] ?? '',
      nonce: params['nonce'],
    });
    const fields: Params = { code };
    if (params['client_info'] === '1')
      fields['client_info'] = Buffer.from(JSON.stringify({ uid: user.id, utid: partner.id })).toString('base64url');
    return redirect(reply, a, fields);
  }

  const handler =
    (source: 'query' | 'body') =>
    async (request: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
      const params = stringsOf(source === 'query' ? request.query : request.body);
      const path = request.url.split('?')[0] ?? '';
      try {
        const authorization = await trust(request.params.tenant, params, publicOrigin(request, ctx.settings.origin));
        check(authorization);
        return await (source === 'query'
          ? renderPage(reply, authorization, path, 200)
          : signIn(reply, authorization, path));
      } catch (error) {
        if (error instanceof RedirectError) return redirectError(reply, error);
        if (error instanceof OAuthError) return errorPage(reply, error);
        throw error;
      }
    };

  // HTML pages, not API operations: the OpenAPI document (JSON bodies only) leaves them out;
  // docs/sandbox.md describes them.
  const schema = { tags: ['token authority'], hide: true };
  for (const path of ['/:tenant/oauth2/v2.0/authorize', '/:tenant/oauth2/authorize']) {
    app.get<{ Params: { tenant: string } }>(
      path,
      { schema: { ...schema, summary: 'Sign-in page (authorization code with PKCE)' } },
      handler('query'),
    );
    app.post<{ Params: { tenant: string } }>(
      path,
      { schema: { ...schema, summary: 'Sign-in form submission: redirects with a code' } },
      handler('body'),
    );
  }

  const logout = async (request: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
    const params = stringsOf(request.query);
    const target = params['post_logout_redirect_uri'];
    const uri = target ? allowedRedirectUri(target, publicOrigin(request, ctx.settings.origin)) : undefined;
    if (!uri)
      return html(
        reply,
        200,
        messagePage('You signed out of your account', 'It is a good idea to close all browser windows.'),
      );
    if (params['state'] !== undefined) uri.searchParams.set('state', params['state']);
    return reply.redirect(uri.href, 302);
  };
  for (const path of ['/:tenant/oauth2/v2.0/logout', '/:tenant/oauth2/logout'])
    app.get<{ Params: { tenant: string } }>(
      path,
      { schema: { ...schema, summary: 'Sign out (redirects back)' } },
      logout,
    );
}
