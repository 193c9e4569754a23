/** @module A refusal as Partner Center gave it: code, description, data, HTTP status and request id. */
import { ApiError } from '../api.js';
import { SignInError } from '../session.js';

export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  if (error instanceof ApiError)
    return (
      <div class="notice error" role="alert">
        <p class="notice-title">
          {title ?? 'The request was refused'}
          {error.code !== undefined ? (
            <>
              {': '}
              <span>Partner Center error </span>
              <code class="error-code">{String(error.code)}</code>
            </>
          ) : null}
        </p>
        <p class="error-description">{error.description}</p>
        {error.data.length > 0 ? (
          <p>
            Data:{' '}
            {error.data.map((d, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <code>{d}</code>
              </>
            ))}
          </p>
        ) : null}
        <p class="muted">
          HTTP {error.status === 0 ? 'no answer' : error.status} · {error.method}{' '}
          <code>{error.path.split('?')[0]}</code> · Request id <code class="request-id">{error.requestId}</code>
        </p>
      </div>
    );
  const text =
    error instanceof SignInError ? `${error.error}: ${error.message}` : String((error as Error).message ?? error);
  return (
    <div class="notice error" role="alert">
      <p class="notice-title">{title ?? 'Something went wrong'}</p>
      <p class="error-description">{text}</p>
    </div>
  );
}
