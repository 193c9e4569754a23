/**
 * @module The sign-in pages' HTML: small, no script, every control labelled and reachable by
 * keyboard, so a person, a browser test or a plain HTTP client can use them alike.
 */

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PartnerChoice {
  name: string;
  kind: 'sandbox' | 'production';
  domain: string;
  users: { userName: string; displayName: string; href: string }[];
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
label{display:block;margin-top:1rem;font-weight:600}input{display:block;width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.25rem;padding:.5rem 1.5rem;font-size:1rem}.error{border-left:4px solid #a4262c;padding:.5rem 1rem;background:#fde7e9}
a:focus,button:focus,input:focus{outline:3px solid #0f6cbd;outline-offset:2px}small{color:#555}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body>
</html>
`;
}

const hiddenFields = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');

const errorBlock = (error: string | undefined) =>
  error ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(error)}</p>` : '';

function partnerList(partners: readonly PartnerChoice[]): string {
  if (partners.length === 0) return '';
  const items = partners
    .map((p) => {
      const users = p.users
        .map(
          (u) =>
            `<li><a href="${escapeHtml(u.href)}">${escapeHtml(u.userName)}</a> <small>${escapeHtml(u.displayName)}</small></li>`,
        )
        .join('');
      const kind = p.kind === 'sandbox' ? 'integration sandbox' : 'production';
      return `<li><strong>${escapeHtml(p.name)}</strong> <small>(${kind}, ${escapeHtml(p.domain)})</small><ul>${users}</ul></li>`;
    })
    .join('\n');
  return `<section aria-labelledby="partners-heading"><h2 id="partners-heading">Partners in this sandbox</h2>
<p>Pick a user to sign in as; the user's partner is the tenant you get a token for.</p><ul>${items}</ul></section>`;
}

export interface SignInPageInput {
  action: string;
  appName: string;
  hidden: Record<string, string>;
  username: string;
  error?: string | undefined;
  partners: readonly PartnerChoice[];
  heading?: string;
}

export function signInPage(input: SignInPageInput): string {
  return page(
    'Sign in - Partnerbox',
    `<h1>${escapeHtml(input.heading ?? 'Sign in')}</h1>
<p>to <strong>${escapeHtml(input.appName)}</strong> with a Partnerbox sandbox account.</p>
${errorBlock(input.error)}
<form method="post" action="${escapeHtml(input.action)}">
${hiddenFields(input.hidden)}
<label for="username">Username</label>
<input id="username" name="username" type="email" autocomplete="username" required value="${escapeHtml(input.username)}"${input.username ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${input.username ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
${partnerList(input.partners)}`,
  );
}

export function deviceCodePage(input: { action: string; error?: string | undefined }): string {
  return page(
    'Enter code - Partnerbox',
    `<h1>Enter code</h1>
<p>Enter the code displayed on your device or in your terminal.</p>
${errorBlock(input.error)}
<form method="post" action="${escapeHtml(input.action)}">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" type="text" autocomplete="one-time-code" autocapitalize="characters" required autofocus>
<button type="submit">Next</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(`${title} - Partnerbox`, `<h1>${escapeHtml(title)}</h1>\n<p id="message">${escapeHtml(message)}</p>`);
}

/** `response_mode=form_post`: the browser posts the answer to the redirect URI (OAuth 2.0 Form Post Response Mode). */
export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
  return page(
    'Signing in - Partnerbox',
    `<form method="post" action="${escapeHtml(redirectUri)}">
${hiddenFields(fields)}
<p>Continue to the application.</p><button type="submit" autofocus>Continue</button>
</form>
<script>document.forms[0].submit()</script>`,
  );
}
