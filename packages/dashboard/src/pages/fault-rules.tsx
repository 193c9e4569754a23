/** @module Fault rules: 429s, errors, latency and dropped connections the next matching requests meet. */
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import { FormField } from '../components/form-field.js';
import type { ControlPlane, NewFaultRule } from '../control-plane.js';
import { useAsync } from '../lib/use-async.js';
import { TableWrap } from '../components/table-wrap.js';

interface Draft {
  method: string;
  path: string;
  kind: NewFaultRule['kind'];
  status: string;
  times: string;
  latencyMs: string;
  retryAfterSeconds: string;
}

const INITIAL: Draft = {
  method: '*',
  path: '/v1/customers/**',
  kind: 'error',
  status: '503',
  times: '1',
  latencyMs: '1000',
  retryAfterSeconds: '5',
};

function ruleOf(d: Draft): NewFaultRule {
  const rule: NewFaultRule = { method: d.method, path: d.path.trim(), kind: d.kind };
  if (d.times.trim()) rule.times = Number(d.times);
  if (d.kind === 'error' && d.status.trim()) rule.status = Number(d.status);
  if (d.kind === 'latency') rule.latencyMs = Number(d.latencyMs);
  if (d.kind === 'throttle' && d.retryAfterSeconds.trim()) rule.retryAfterSeconds = Number(d.retryAfterSeconds);
  return rule;
}

export function FaultRules({ control }: { control: ControlPlane }) {
  const rules = useAsync(() => control.faults(), [control]);
  const [draft, setDraft] = useState(INITIAL);
  const [error, setError] = useState<unknown>();
  const set = (key: keyof Draft) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  const act = async (what: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await what();
    } catch (e) {
      setError(e);
    }
    await rules.reload();
  };
  return (
    <>
      {rules.value?.length === 0 ? <p>No fault rules.</p> : null}
      {rules.value && rules.value.length > 0 ? (
        <TableWrap label="Active fault rules">
          <table>
            <caption class="visually-hidden">Active fault rules</caption>
            <thead>
              <tr>
                <th scope="col">Method</th>
                <th scope="col">Path</th>
                <th scope="col">Fault</th>
                <th scope="col">Remaining</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {rules.value.map((r) => (
                <tr key={r.id}>
                  <td>{r.method}</td>
                  <td>
                    <code>{r.path}</code>
                  </td>
                  <td>
                    {r.kind}
                    {r.status ? ` ${r.status}` : ''}
                    {r.latencyMs ? ` ${r.latencyMs} ms` : ''}
                    {r.phase ? ` (${r.phase})` : ''}
                  </td>
                  <td>{r.remaining ?? 'until removed'}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary small"
                      aria-label={`Remove the fault rule on ${r.method} ${r.path}`}
                      onClick={() => void act(() => control.removeFault(r.id))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <form
        class="form-grid"
        aria-labelledby="add-fault-title"
        onSubmit={(e) => {
          e.preventDefault();
          void act(() => control.addFault(ruleOf(draft)));
        }}
      >
        <h3 id="add-fault-title" class="wide">
          Add a fault rule
        </h3>
        <FormField label="Method">
          {(control) => (
            <select {...control} value={draft.method} onChange={set('method')}>
              {['*', 'GET', 'POST', 'PATCH', 'DELETE'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Path glob" hint="* within a segment, ** across">
          {(control) => <input {...control} required value={draft.path} onInput={set('path')} />}
        </FormField>
        <FormField label="Fault">
          {(control) => (
            <select {...control} value={draft.kind} onChange={set('kind')}>
              <option value="error">error (a status)</option>
              <option value="throttle">throttle (429)</option>
              <option value="latency">latency</option>
              <option value="drop">drop the connection</option>
            </select>
          )}
        </FormField>
        {draft.kind === 'error' ? (
          <label>
            Status
            <input type="number" min="400" max="599" value={draft.status} onInput={set('status')} />
          </label>
        ) : null}
        {draft.kind === 'latency' ? (
          <label>
            Latency (ms)
            <input type="number" min="0" value={draft.latencyMs} onInput={set('latencyMs')} />
          </label>
        ) : null}
        {draft.kind === 'throttle' ? (
          <label>
            Retry-After (s)
            <input type="number" min="0" value={draft.retryAfterSeconds} onInput={set('retryAfterSeconds')} />
          </label>
        ) : null}
        <label>
          Times (empty: until removed)
          <input type="number" min="1" value={draft.times} onInput={set('times')} />
        </label>
        <div class="actions wide">
          <button type="submit">Add the rule</button>
        </div>
      </form>
      <ErrorNotice error={error ?? rules.error} title="The fault rules were not changed" />
    </>
  );
}
