/**
 * @module Playing the person on the sandbox's sign-in and device pages over plain HTTP(S): read
 * the form the page renders (its action and hidden fields), fill in username and password, post
 * it. Redirects are not followed, so a test sees the 302 and its Location. `ca` trusts a CA for
 * `https:` URLs (the one `serve --tls` prints), nothing else.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PageResponse {
  status: number;
  location: string | undefined;
  contentType: string | undefined;
  text: string;
  url: string;
}

export interface PageOptions {
  ca?: string | undefined;
}

export function fetchPage(
  url: string,
  options: PageOptions & { method?: 'GET' | 'POST'; form?: Record<string, string> } = {},
): Promise<PageResponse> {
  const target = new URL(url);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: {
          Accept: 'text/html',
          ...(body === undefined
            ? {}
            : { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) }),
        },
        ...(options.ca ? { ca: options.ca } : {}),
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            contentType: res.headers['content-type'],
            text,
            url,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out: ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

const decode = (text: string) =>
  text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');

/** The page's one form: where it posts and the hidden fields it carries. */
export function readForm(page: PageResponse): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(page.text);
  if (!form?.[1] || form[2] === undefined) throw new Error(`no form on ${page.url} (${page.status}):\n${page.text}`);
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[decode(input[1] ?? '')] = decode(input[2] ?? '');
  return { action: new URL(decode(form[1]), page.url).href, fields };
}

/** The text of the page's alert, if it shows one. */
export const alertOf = (page: PageResponse): string | undefined => /role="alert"[^>]*>([^<]*)</.exec(page.text)?.[1];

/** Opens an authorize URL, signs in, and returns the redirect the sandbox answers with. */
export async function signIn(
  authorizeUrl: string,
  user: { userName: string; password: string },
  options: PageOptions = {},
): Promise<PageResponse> {
  const page = await fetchPage(authorizeUrl, options);
  if (page.status !== 200) return page;
  const { action, fields } = readForm(page);
  return fetchPage(action, { ...options, form: { ...fields, username: user.userName, password: user.password } });
}

/** Enters a device code on `/devicelogin` and signs in; returns the last page. */
export async function approveDeviceCode(
  verificationUri: string,
  userCode: string,
  user: { userName: string; password: string },
  options: PageOptions = {},
): Promise<PageResponse> {
  const first = await fetchPage(verificationUri, options);
  const codeForm = readForm(first);
  const signInPage = await fetchPage(codeForm.action, {
    ...options,
    form: { ...codeForm.fields, user_code: userCode },
  });
  if (signInPage.status !== 200) return signInPage;
  const { action, fields } = readForm(signInPage);
  return fetchPage(action, { ...options, form: { ...fields, username: user.userName, password: user.password } });
}
