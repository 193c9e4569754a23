/** @module The request journal, newest first, filtered, refreshed every two seconds while live. */
import type { JournalEntry } from '@partnerbox/contract/types';
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import type { ControlPlane, JournalFilter } from '../control-plane.js';
import { TableWrap } from '../components/table-wrap.js';

const LIVE_MS = 2000;

export function Journal({ control }: { control: ControlPlane }) {
  const [draft, setDraft] = useState<JournalFilter>({});
  const [filter, setFilter] = useState<JournalFilter>({});
  const [live, setLive] = useState(true);
  const [entries, setEntries] = useState<JournalEntry[]>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stopped = false;
    control.journal(filter, 100).then(
      (list) => {
        if (stopped) return;
        setEntries(list.slice().reverse());
        setError(undefined);
      },
      (e: unknown) => !stopped && setError(e),
    );
    const timer = live ? setTimeout(() => setTick((t) => t + 1), LIVE_MS) : undefined;
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [control, filter, live, tick]);

  const field = (key: keyof JournalFilter, label: string, placeholder: string) => (
    <label>
      {label}
      <input
        value={draft[key] ?? ''}
        placeholder={placeholder}
        onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value.trim() })}
      />
    </label>
  );

  return (
    <>
      <form
        class="form-grid"
        aria-label="Filter the request journal"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
        }}
      >
        {field('method', 'Method', 'GET')}
        {field('path', 'Path glob', '/v1/customers/**')}
        {field('status', 'Status', '4xx')}
        <div class="actions wide">
          <button type="submit">Filter</button>
          <label class="check">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} />
            Live (every 2 s)
          </label>
          <button
            type="button"
            class="secondary"
            onClick={() => void control.clearJournal().then(() => setTick((t) => t + 1), setError)}
          >
            Clear the journal
          </button>
        </div>
      </form>
      <ErrorNotice error={error} title="The journal could not be read" />
      {entries?.length === 0 ? <p>No requests match.</p> : null}
      {entries && entries.length > 0 ? (
        <TableWrap label="Recent requests, newest first">
          <table class="journal">
            <caption class="visually-hidden">Recent requests, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Request id</th>
                <th scope="col">ms</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td>{e.at.slice(11, 23)}</td>
                  <td>
                    <details>
                      <summary>
                        {e.method} <code>{e.path}</code>
                        {e.query ? (
                          <span class="muted">{e.query.length > 60 ? `${e.query.slice(0, 60)}…` : e.query}</span>
                        ) : null}
                      </summary>
                      {e.requestBody ? (
                        <>
                          <p class="muted">Request body</p>
                          <pre>{e.requestBody}</pre>
                        </>
                      ) : null}
                      {e.responseBody ? (
                        <>
                          <p class="muted">Response body</p>
                          <pre>{e.responseBody}</pre>
                        </>
                      ) : null}
                    </details>
                  </td>
                  <td class={e.status >= 400 ? 'status-bad' : ''}>{e.status}</td>
                  <td>
                    <code>{e.requestId}</code>
                  </td>
                  <td>{e.durationMs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
