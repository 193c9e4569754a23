// Writes the built dashboard's brotli and gzip forms beside its files (`index.html.br`,
// `index.html.gz`, ...), run by the dashboard's build after Vite. `partnerbox serve` reads them
// instead of compressing at start-up, which took about a third of its start-up time
// (docs/benchmarks.md, "Start-up"); where they are missing or older than their file it
// compresses on a file's first request instead (packages/sandbox/src/http/dashboard.ts, whose
// `compress` uses these same settings).
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = path.resolve(process.argv[2] ?? new URL('../packages/sandbox/dist/dashboard', import.meta.url).pathname);
const SUFFIXES = ['.br', '.gz'];

function listFiles(relative = '') {
  return readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const name = path.join(relative, entry.name);
    if (entry.isDirectory()) return listFiles(name);
    return SUFFIXES.some((suffix) => entry.name.endsWith(suffix)) ? [] : [name];
  });
}

// Written whole, then renamed: a `serve` starting meanwhile reads an old form or a new one.
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

let bytes = 0;
const files = listFiles();
for (const relative of files) {
  const file = path.join(dir, relative);
  const identity = readFileSync(file);
  const brotli = brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeAtomically(`${file}.br`, brotli);
  writeAtomically(`${file}.gz`, gzipSync(identity, { level: 9 }));
  bytes += brotli.length;
}
console.log(
  `precompress-dashboard: ${files.length} files in ${path.relative(process.cwd(), dir)}, ${Math.round(bytes / 1024)} KB as brotli`,
);
