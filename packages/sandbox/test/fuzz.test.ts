/**
 * The fuzzer: property-based requests generated from the server's own OpenAPI document, over
 * every route (`api`), raw-socket framing cases (`framing`) and control-plane inputs
 * (`control`: snapshot imports with one labelled change, clock moves, trap fault globs). After
 * each case: no 5xx, every response as the document says (status and body schema), dates in
 * RFC 3339, a refused write changed nothing (whole-state snapshot before and after), and
 * `/healthz` answers within 3 s. What each family would catch is in docs/reliability.md.
 *
 * CI runs a bounded budget (about a minute). `npm run fuzz` runs twenty times as many cases;
 * `PARTNERBOX_FUZZ_SCALE` multiplies the budget and `PARTNERBOX_FUZZ_SEED` replays a run (the
 * seed is printed at the start and in every failure, with fast-check's path to the case).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase, type Target } from '@partnerbox/conformance';
import { apiCaseArbitrary, runApiCase } from './support/fuzz/api-cases.js';
import { controlCaseArbitrary, mutations, runControlCase } from './support/fuzz/control-cases.js';
import { framingCaseArbitrary, runFramingCase } from './support/fuzz/framing-cases.js';
import { FuzzTarget, type Snapshot } from './support/fuzz/fuzz-target.js';
import { startServeTarget } from './support/processes.js';

const SCALE = Number(process.env['PARTNERBOX_FUZZ_SCALE'] ?? '1');
const SEED = Number(process.env['PARTNERBOX_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const BUDGET = { api: 300, framing: 60, control: 60 };

console.log(`fuzz seed ${SEED}, scale ${SCALE}: replay with PARTNERBOX_FUZZ_SEED=${SEED} npm run fuzz`);

/** One fast-check run of `family`; each case sees the state as it is when it starts. */
async function fuzzFamily<T>(
  fuzz: FuzzTarget,
  family: keyof typeof BUDGET,
  arbitrary: fc.Arbitrary<T>,
  run: (c: T, before: Snapshot) => Promise<void>,
  runsFactor = 1,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (c) => {
      let before = await fuzz.snapshot();
      await fuzz.replenish(before);
      before = await fuzz.snapshot();
      await run(c, before);
    }),
    // Cases share one server, so shrinking would replay them on another state: a failure is
    // reported as found, with its seed and path.
    { seed: SEED, numRuns: Math.max(1, Math.round(BUDGET[family] * SCALE * runsFactor)), endOnFailure: true },
  );
}

const ADMIN_KEY = 'pbx_fuzz_admin_key';
const FLAGS = ['--provisioning-delay', '0', '--cancellation-delay', '0'];

/** On PostgreSQL: a fresh database, dropped with the target. */
async function onPostgres(): Promise<Target> {
  const database = await createTestDatabase();
  const target = await startServeTarget({ adminKey: ADMIN_KEY, databaseUrl: database.url, args: FLAGS });
  return { ...target, close: () => target.close().then(() => database.drop()) };
}

// The server runs in its own process: a regression that blocks its event loop (defect 1 of
// issue 12) then fails the `/healthz` deadline instead of freezing the fuzzer with it.
describe.each([
  ['SQLite', () => startServeTarget({ adminKey: ADMIN_KEY, args: FLAGS }), 1],
  ['PostgreSQL', onPostgres, 0.3],
])('fuzzing the sandbox on %s', (name, start: () => Promise<Target>, runsFactor: number) => {
  let fuzz: FuzzTarget;
  beforeAll(async () => {
    fuzz = await FuzzTarget.open(await start());
  });
  afterAll(async () => {
    const statuses = [...fuzz.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(`fuzz on ${name}: responses checked against the document, by status: ${statuses.join(' ')}`);
    await fuzz.close();
  });

  it('api: requests generated from the OpenAPI document, over every route', async () => {
    await fuzzFamily(
      fuzz,
      'api',
      apiCaseArbitrary(fuzz.operations),
      (c, before) => runApiCase(fuzz, c, before),
      runsFactor,
    );
  }, 600_000);

  it('framing: write requests over raw sockets, followed by garbage', async () => {
    await fuzzFamily(fuzz, 'framing', framingCaseArbitrary, (c, before) => runFramingCase(fuzz, c, before), runsFactor);
  }, 600_000);

  it('control: snapshot imports, clock moves and fault globs leave /v1 working', async () => {
    const arbitrary = controlCaseArbitrary(mutations().length);
    await fuzzFamily(fuzz, 'control', arbitrary, (c, before) => runControlCase(fuzz, c, before), runsFactor);
  }, 600_000);
});
