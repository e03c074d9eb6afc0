#!/usr/bin/env node
// Runs a command with MR_GATES_EXCHANGES naming test-results/exchanges/<name>.jsonl (emptied first),
// so that every FakeForge the command starts appends its exchanges there (test/contract/ reads them).
//
//   node test/contract/record-exchanges.mjs unit mocha --config test/unit/.mocharc.json
//
// The exit code is the command's. `mocha` is run from node_modules with this Node, so no shell is needed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [name, command, ...args] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name) || !command) {
  console.error('usage: node test/contract/record-exchanges.mjs <name> <command> [args...]');
  process.exit(2);
}

function exchangeFile(which) {
  return join(root, 'test-results', 'exchanges', `${which}.jsonl`);
}

const file = exchangeFile(name);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, '');

const bin = command === 'mocha' ? [process.execPath, createRequire(import.meta.url).resolve('mocha/bin/mocha.js')] : [command];
const result = spawnSync(bin[0], [...bin.slice(1), ...args], { stdio: 'inherit', env: { ...process.env, MR_GATES_EXCHANGES: file } });
if (result.error) {
  console.error(`record-exchanges: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
