// No English left in a translated window: every string literal that src/ hands to the user (a message,
// a progress title, a quick pick's or input box's words, a tree item's label, description or tooltip,
// the status bar's text) must come from vscode.l10n.t, which the manifest test checks has a zh-CN entry.
// Read with TypeScript's parser. A literal that is not words (an id, a codicon, punctuation, a format
// such as `${a} · ${b}`) passes by rule; any other literal needs an entry in ALLOWED, with its reason.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { STATE_TABLE } from '../../src/core/states';

/** Literals that are words but rightly not translated: file (relative, with /) and text, and why. */
const ALLOWED: readonly { readonly file: string; readonly text: string; readonly reason: string }[] = [
  ...Object.values(STATE_TABLE).map(({ label }) => ({
    file: 'src/core/states.ts',
    text: label,
    reason: 'a state\'s English label is the key views/words.ts stateWord() passes to vscode.l10n.t; the manifest test requires its zh-CN entry',
  })),
  { file: 'src/diagnostics/diagnosticOf.ts', text: 'MR Gates', reason: 'a finding of no named check is shown as from the product, whose name is the same in every language' },
  { file: 'src/views/statusBar.ts', text: 'MR Gates', reason: 'the status bar item\'s name is the product\'s name, the same in every language (as the displayName)' },
];

/** Calls whose string arguments the user reads: the callee's last name, and which arguments (all when absent). */
const TEXT_CALLS: Record<string, readonly number[] | undefined> = {
  showInformationMessage: undefined,
  showWarningMessage: undefined,
  showErrorMessage: undefined,
  // Items given as plain strings.
  showQuickPick: [0],
  // views/userText.ts's notify.info/warn/error/confirm, which show the messages above.
  info: undefined,
  warn: undefined,
  error: undefined,
  confirm: undefined,
  TreeItem: [0],
  MarkdownString: [0],
  appendMarkdown: [0],
  appendText: [0],
  // views/nodes: a message or group node's label.
  MessageNode: [1],
  GroupNode: [1],
  // commands/targets.ts: the progress notification's title.
  runForgeCall: [0],
  // A Problems entry's message, and its related information's.
  Diagnostic: [1],
  GateDiagnostic: [1],
  DiagnosticRelatedInformation: [1],
};
/** Receivers whose `info`/`warn`/`error` are notifications; a logger's are not read as UI. */
const NOTIFY_RECEIVERS = new Set(['notify']);
/** Properties the user reads, in an object literal (quick pick items, options) or assigned (`item.label = `). */
const TEXT_PROPERTIES = new Set(['label', 'description', 'detail', 'title', 'placeHolder', 'prompt', 'tooltip', 'message', 'validationMessage']);
/** Properties the user reads only when assigned (`statusBarItem.text = `, `diagnostic.source = `): in an object literal they are data. */
const ASSIGNED_TEXT_PROPERTIES = new Set(['text', 'name', 'source']);
/** Properties whose function returns a message (`validateInput: (v) => ok ? undefined : '…'`). */
const MESSAGE_FUNCTIONS = new Set(['validateInput']);

/** The layers that turn things into words (reasonText, stateWord...): a literal they return is shown. */
const WORD_LAYERS = ['src/views/', 'src/commands/', 'src/diagnostics/'];

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** The literal text of an expression that can end up shown: a template's fixed parts joined as a format. */
function literalsIn(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    const format = node.head.text + node.templateSpans.map((s) => `\${}${s.literal.text}`).join('');
    // What fills `$(${…})` is a codicon's name, not words.
    const texts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
    return [format, ...node.templateSpans.flatMap((s, i) => (texts[i].endsWith('$(') ? [] : literalsIn(s.expression)))];
  }
  if (ts.isConditionalExpression(node)) return [...literalsIn(node.whenTrue), ...literalsIn(node.whenFalse)];
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(node.operatorToken.kind)) {
    return [...literalsIn(node.left), ...literalsIn(node.right)];
  }
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) return literalsIn(node.expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => (ts.isSpreadElement(e) ? literalsIn(e.expression) : literalsIn(e)));
  // `[…].join('\n')` and the like show their receiver's strings; any other call's result is computed
  // (vscode.l10n.t among them), so what it was given is not read as shown text.
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['join', 'concat', 'trim'].includes(node.expression.name.text)) {
    return literalsIn(node.expression.expression);
  }
  return [];
}

/** An id-like token: `mrGates.gates`, `a/b`, `KEY=value`, `camelCase`, `snake_case`. */
function isIdLike(token: string): boolean {
  return /\w[._/:=@#]\w/.test(token) || /^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(token);
}

/** Words: at least one token of two letters or more that is not an id, once codicons, `{0}`s, formats and URLs are gone. */
export function isWords(text: string): boolean {
  // A placeholder becomes a 0, so that `mr:${id}` reads as the id it is and `${n} passed` as words.
  const rest = text.replace(/\$\([\w~-]+\)/g, ' ').replace(/\{\d+\}|\$\{\}/g, '0').replace(/https?:\/\/\S*/g, ' ');
  return rest.split(/\s+/).some((token) => /\p{L}{2,}/u.test(token) && !isIdLike(token));
}

function calleeName(call: ts.CallExpression | ts.NewExpression): { name?: string; receiver?: string } {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return { name: callee.text };
  if (ts.isPropertyAccessExpression(callee)) return { name: callee.name.text, receiver: ts.isIdentifier(callee.expression) ? callee.expression.text : ts.isPropertyAccessExpression(callee.expression) ? callee.expression.name.text : undefined };
  return {};
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function returnedBy(fn: ts.Expression): ts.Expression[] {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const found: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isReturnStatement(n) && n.expression) found.push(n.expression);
    else if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

/** Every shown literal of one source file that is words and not through l10n. */
export function scanSource(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const wordsReturned = WORD_LAYERS.some((layer) => file.startsWith(layer));
  const report = (expr: ts.Expression, isCode: (text: string) => boolean = () => false): void => {
    for (const text of literalsIn(expr)) {
      if (isWords(text) && !isCode(text)) findings.push({ file, line: sf.getLineAndCharacterOfPosition(expr.getStart(sf)).line + 1, text });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const { name, receiver } = calleeName(node);
      const notifyLike = name === 'info' || name === 'warn' || name === 'error' || name === 'confirm';
      if (name && Object.hasOwn(TEXT_CALLS, name) && (!notifyLike || (receiver !== undefined && NOTIFY_RECEIVERS.has(receiver)))) {
        const which = TEXT_CALLS[name];
        (node.arguments ?? []).forEach((arg, i) => {
          if (!which || which.includes(i)) report(arg);
        });
      }
    } else if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name && TEXT_PROPERTIES.has(name)) report(node.initializer);
      if (name && MESSAGE_FUNCTIONS.has(name)) returnedBy(node.initializer).forEach((e) => report(e));
    } else if (ts.isReturnStatement(node) && node.expression && wordsReturned) {
      // A function may return a code ('aborted', a contextValue flag): one lowercase word is one.
      report(node.expression, (text) => /^[a-z]+$/.test(text));
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const name = node.left.name.text;
      if (TEXT_PROPERTIES.has(name) || ASSIGNED_TEXT_PROPERTIES.has(name)) report(node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full.split('\\').join('/')] : [];
  });
}

suite('user-facing strings: all through l10n', () => {
  test('the scan finds a real violation in each kind of place, and passes what is not words', () => {
    const bad = [
      "vscode.window.showInformationMessage('Signed in.');",
      "notify.warn(`Could not read ${name}`, 'Try Again');",
      "const items = [{ label: '$(play) Play', description: check.url, detail: ok ? 'Start it' : undefined }];",
      "await vscode.window.withProgress({ location, title: 'Retrying…' }, run);",
      "const item = new vscode.TreeItem('Output'); item.tooltip = 'The report';",
      "vscode.window.showInputBox({ prompt: 'Name', validateInput: (v) => (v ? undefined : 'Required') });",
      'this.item.text = `$(check) ${n} passed`;',
      "const tip = new vscode.MarkdownString(['**Checks**', detail].join('\\n\\n'));",
    ].join('\n');
    assert.deepEqual(scanSource('bad.ts', bad).map((f) => [f.line, f.text]), [
      [1, 'Signed in.'],
      [2, 'Could not read ${}'],
      [2, 'Try Again'],
      [3, '$(play) Play'],
      [3, 'Start it'],
      [4, 'Retrying…'],
      [5, 'Output'],
      [5, 'The report'],
      [6, 'Name'],
      [6, 'Required'],
      [7, '$(check) ${} passed'],
      [8, '**Checks**'],
    ]);
    const good = [
      "vscode.window.showInformationMessage(vscode.l10n.t('Signed in.'));",
      "const items = [{ label: `$(${ok ? 'play' : 'link-external'}) ${words.label}`, description: `${a} · ${b}`, detail: check.url }];",
      "item.description = '—'; item.tooltip = new vscode.MarkdownString(lines.join('\\n'));",
      "log.warn('internal: the cache was cold'); const x = { text: 'data, not shown', label: 'mrGates.gates' };",
      "await vscode.window.withProgress({ title: vscode.l10n.t('Retrying {0}…', name) }, run);",
    ].join('\n');
    assert.deepEqual(scanSource('good.ts', good), []);
    // In the layers that word things, what a function returns is shown; a code is not words.
    const words = [
      "function sourceWord(f) { if (f.quality) return vscode.l10n.t('Code Quality'); return f.origin ?? 'Line comment'; }",
      "function read() { if (aborted) return 'aborted'; return `mr:${id}`; }",
      "diagnostic.source = 'Checks'; new vscode.Diagnostic(range, `${n} problems`, severity);",
    ].join('\n');
    assert.deepEqual(scanSource('src/views/words.ts', words).map((f) => [f.line, f.text]), [[1, 'Line comment'], [3, 'Checks'], [3, '${} problems']]);
    assert.deepEqual(scanSource('src/forges/x/map.ts', words.split('\n')[0]), [], 'below the views, a returned string is data');
  });

  test('src/ shows no literal words outside vscode.l10n.t, except the allowed ones', () => {
    const findings = sourceFiles('src').flatMap((file) => scanSource(file, readFileSync(file, 'utf8')));
    const allowed = (f: Finding) => ALLOWED.some((a) => a.file === f.file && a.text === f.text);
    const offending = findings.filter((f) => !allowed(f)).map((f) => `${f.file}:${f.line} "${f.text}"`);
    assert.deepEqual(offending, [], 'move these words into vscode.l10n.t (with a zh-CN entry), or allow them here with a reason');
    for (const a of ALLOWED) assert.ok(findings.some((f) => f.file === a.file && f.text === a.text), `stale allow-list entry: ${a.file} "${a.text}"`);
    for (const a of ALLOWED) assert.ok(a.reason.length > 10, `${a.file} "${a.text}" needs a reason`);
  });
});
