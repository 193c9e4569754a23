/** @module The sandbox clock: read and advance. In the panel, and beside any wait for the clock. */
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/error-notice.js';
import { useDashboard } from '../context.js';
import { formatDate } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';

const STEPS: [number, string][] = [
  [10, '+10 seconds'],
  [3600, '+1 hour'],
  [86_400, '+1 day'],
  [30 * 86_400, '+30 days'],
];

export function ClockControl({ compact = false }: { compact?: boolean }) {
  const { control } = useDashboard();
  const clock = useAsync(async () => control?.clock(), [control]);
  const [seconds, setSeconds] = useState('60');
  const [error, setError] = useState<unknown>();
  if (!control)
    return compact ? (
      <p class="muted">
        Enter the admin key in the <a href="#/sandbox">Sandbox panel</a> to move the clock from here.
      </p>
    ) : null;
  const advance = async (by: number) => {
    setError(undefined);
    try {
      await control.advanceClock(by);
      await clock.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class={compact ? 'clock compact' : 'clock'} role="group" aria-label="Sandbox clock">
      <p>
        Sandbox time: <strong class="clock-now">{clock.value ? formatDate(clock.value.now) : '…'}</strong>
        {clock.value ? <span class="muted"> (offset {clock.value.offsetSeconds} s)</span> : null}
      </p>
      <div class="actions">
        {STEPS.map(([by, label]) => (
          <button key={by} type="button" class="secondary small" onClick={() => void advance(by)}>
            {label}
          </button>
        ))}
      </div>
      {compact ? null : (
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void advance(Number(seconds));
          }}
        >
          <label>
            Advance by (seconds)
            <input type="number" min="0" step="1" value={seconds} onInput={(e) => setSeconds(e.currentTarget.value)} />
          </label>
          <button type="submit">Advance the clock</button>
        </form>
      )}
      <ErrorNotice error={error ?? clock.error} title="The clock could not be moved" />
    </div>
  );
}
