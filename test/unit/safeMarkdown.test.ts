// Check output from a forge, made safe for the Markdown preview (issue 7: no raw HTML, scripts or command: links).
import { strict as assert } from 'node:assert';
import { isWebUrl, neutraliseLinks } from '../../src/core/displayText';
import { safeMarkdown } from '../../src/core/safeMarkdown';

suite('check output and messages: forge text cannot act', () => {
  test('raw HTML and scripts become visible text', () => {
    const out = safeMarkdown('Hello <script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="https://evil.test"></iframe>');
    assert.ok(!/<script|<img|<iframe/i.test(out), out);
    assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('command: links, inline, autolinked or by reference, are broken', () => {
    const out = safeMarkdown('[Click](command:workbench.action.terminal.new) <command:git.push> [ref]\n\n[ref]: command:git.clean');
    assert.ok(!/\]\(\s*command:/i.test(out), out);
    assert.ok(!/<command:/i.test(out), out);
    assert.ok(!/(^|[^\u200b])command:/im.test(out.replace(/command\u200b:/gi, '')), out);
  });

  test('ordinary Markdown and code keep their meaning', () => {
    const md = '## Results\n\n- **3** warnings in `a<b>.ts`\n\n```html\n<div>kept</div>\n```\n\n[docs](https://example.com/docs)';
    const out = safeMarkdown(md);
    assert.match(out, /`a<b>\.ts`/);
    assert.match(out, /```html\n<div>kept<\/div>\n```/);
    assert.match(out, /\[docs\]\u200b\(https:\/\/example\.com\/docs\)/);
    assert.match(out, /## Results/);
  });

  test('an unclosed fence does not let HTML after it through as prose', () => {
    const out = safeMarkdown('text\n```\n<b>inside the open fence</b>');
    assert.match(out, /<b>inside the open fence<\/b>/, 'shown literally inside the fence');
    assert.ok(!/^text\n<b>/.test(out));
  });

  test('a notification text cannot carry a live Markdown link', () => {
    const out = neutraliseLinks('Build failed: [open the fix](command:workbench.action.openSettings?%5B%22mrGates%22%5D)');
    assert.ok(!/\]\(/.test(out), out);
    assert.ok(!/command:/i.test(out), out);
  });

  test('only http and https URLs count as web pages', () => {
    for (const url of ['https://gitlab.com/x', 'http://127.0.0.1:8080/a']) assert.ok(isWebUrl(url), url);
    for (const url of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://ms-vscode.x', 'javascript:alert(1)', 'data:text/html,x', 'not a url', 'https://']) {
      assert.ok(!isWebUrl(url), url);
    }
  });
});
