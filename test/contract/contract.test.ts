// The contract test (issue 7): every request the extension's client sent in the unit and host runs, and
// every answer the fake forge gave, checked against the forges' own API descriptions (test/contract/specs/).
// Needs test-results/exchanges/{unit,host}.jsonl: `npm run test:unit` and `npm run test:host` write them.
import { strict as assert } from 'node:assert';
import { checkExchanges, describeDivergence, summary, type DivergenceKind, type Report } from './check';
import { APPLIED } from './corrections';
import { loadExchanges, type Recorded } from './exchanges';
import { loadSpecs } from './specs';

suite('contract: recorded exchanges against the forges\' API descriptions', () => {
  let recorded: Recorded[];
  let report: Report;

  suiteSetup(() => {
    recorded = [...loadExchanges('unit'), ...loadExchanges('host')];
    report = checkExchanges(recorded, loadSpecs());
    console.log(`      ${summary(report)}`);
    console.log(`      ${APPLIED.length} corrections of the descriptions applied (test/contract/corrections.ts)`);
    for (const note of [...report.notes].sort()) console.log(`      note: ${note}`);
  });

  const expectNone = (kind: DivergenceKind): void => {
    const found = report.divergences.filter((d) => d.kind === kind).map(describeDivergence);
    if (found.length > 0) assert.fail(`${found.length} ${kind} divergence(s):\n${found.join('\n')}`);
  };

  test('the unit and host runs recorded exchanges, and the checks met some of every forge', () => {
    assert.ok(report.exchanges > 0, 'no exchange was checked');
    for (const forge of ['gitlab', 'gitee', 'github'] as const) assert.ok((report.operations.get(forge)?.size ?? 0) > 0, `no ${forge} operation was checked`);
    for (const file of ['unit', 'host']) assert.ok(recorded.some((r) => r.where.startsWith(`${file}.jsonl:`)), `no exchange from ${file}.jsonl`);
  });

  test('the client calls only declared operations, with their methods', () => {
    expectNone('operation');
  });

  test('the client sends only declared query parameters and body fields, with declared values', () => {
    expectNone('request');
  });

  test('the fake forge answers in the declared shapes (required fields, types, enums, no extra fields)', () => {
    expectNone('response');
  });

  test('the adapters read only declared fields (or fields listed with a reason)', () => {
    expectNone('read');
  });
});
