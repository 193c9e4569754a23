/**
 * @module The path globs of fault rules, matched in time linear in the path: `*` matches within
 * one path segment, `**` across segments, case ignored. A glob used to become a regular
 * expression, and V8's backtracking made `*a*a*a…*b` against a 40-character segment block the
 * event loop for minutes, before authentication. Here a glob is compiled once into a
 * position automaton (one state per literal character) simulated as a bit set: each path
 * character costs a few big-integer operations, whatever the glob.
 *
 * @example
 * compilePathGlob('/v1/customers/**').test('/v1/customers/abc/orders'); // true
 * compilePathGlob('/v1/customers/*').test('/v1/customers/abc/orders'); // false
 */

export interface PathGlob {
  test(path: string): boolean;
}

interface Automaton {
  /** Bit j+1 set where the glob's literal j is this character. */
  literals: Map<string, bigint>;
  /** States (bit j: j literals matched) that stay put on any character: a `**` follows them. */
  anyLoops: bigint;
  /** States that stay put on any character but `/`: a `*` follows them. */
  segmentLoops: bigint;
  accept: bigint;
}

function automaton(glob: string): Automaton {
  const literals = new Map<string, bigint>();
  let anyLoops = 0n;
  let segmentLoops = 0n;
  let state = 0n;
  const lower = glob.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const bit = 1n << state;
    if (lower[i] === '*') {
      if (lower[i + 1] === '*') {
        anyLoops |= bit;
        i++;
      } else segmentLoops |= bit;
      continue;
    }
    const char = lower[i] as string;
    state++;
    literals.set(char, (literals.get(char) ?? 0n) | (1n << state));
  }
  return { literals, anyLoops, segmentLoops, accept: 1n << state };
}

export function compilePathGlob(glob: string): PathGlob {
  const { literals, anyLoops, segmentLoops, accept } = automaton(glob);
  const everyLoop = anyLoops | segmentLoops;
  return {
    test(path: string): boolean {
      let states = 1n;
      const lower = path.toLowerCase();
      for (let i = 0; i < lower.length && states !== 0n; i++) {
        const char = lower[i] as string;
        const advanced = (states << 1n) & (literals.get(char) ?? 0n);
        states = advanced | (states & (char === '/' ? anyLoops : everyLoop));
      }
      return (states & accept) !== 0n;
    },
  };
}
