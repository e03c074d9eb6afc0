// Where each bench step leaves its markdown: bench/readme-table.mjs puts the files into the README.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS_DIR = join('test-results', 'bench');

/** Prints a step's markdown and keeps it in RESULTS_DIR/`file` for bench/readme-table.mjs. */
export function emitMarkdown(file: string, markdown: string): void {
  console.log(markdown);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, file), `${markdown.trimEnd()}\n`);
}
