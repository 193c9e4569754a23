/** @module Named scenarios (seeded through the same rules as the API) and the reset. */
import { useState } from 'preact/hooks';
import { useConfirm } from '../components/confirm-dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useDashboard } from '../context.js';
import type { ControlPlane } from '../control-plane.js';
import { useAsync } from '../lib/use-async.js';
import { TableWrap } from '../components/table-wrap.js';

export function Scenarios({ control }: { control: ControlPlane }) {
  const { notify } = useDashboard();
  const scenarios = useAsync(() => control.scenarios(), [control]);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [dialog, confirm] = useConfirm();

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await what();
      notify({ kind: 'success', text: done });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {dialog}
      <ErrorNotice error={error ?? scenarios.error} title="The control plane refused" />
      <TableWrap label="Scenarios">
        <table>
          <caption class="visually-hidden">Scenarios</caption>
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Partner</th>
              <th scope="col">Customers</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {scenarios.value?.map((s) => (
              <tr key={s.name}>
                <td>
                  <strong>{s.name}</strong>
                  <br />
                  <span class="muted">{s.description}</span>
                </td>
                <td>{s.partner === 'sandbox' ? 'integration sandbox' : 'production'}</td>
                <td>
                  <label>
                    <span class="visually-hidden">Customers for {s.name}</span>
                    <input
                      type="number"
                      min="0"
                      class="narrow"
                      value={counts[s.name] ?? String(s.defaultCount)}
                      onInput={(e) => setCounts({ ...counts, [s.name]: e.currentTarget.value })}
                    />
                  </label>
                </td>
                <td>
                  <button
                    type="button"
                    class="small"
                    disabled={busy}
                    aria-label={`Seed ${s.name}`}
                    onClick={() =>
                      void act(
                        () => control.runScenario(s.name, Number(counts[s.name] ?? s.defaultCount)),
                        `Seeded ${s.name}.`,
                      )
                    }
                  >
                    Seed
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <div class="actions">
        <button
          type="button"
          class="danger"
          disabled={busy}
          onClick={() =>
            void confirm({
              title: 'Reset the sandbox?',
              body: <p>Every customer of every partner, the fault rules, counters and the clock offset are removed.</p>,
              confirmLabel: 'Reset the sandbox',
            }).then((ok) => (ok ? act(() => control.reset(), 'The sandbox was reset.') : undefined))
          }
        >
          Reset the sandbox…
        </button>
      </div>
    </>
  );
}
