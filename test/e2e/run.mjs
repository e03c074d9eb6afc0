// End-to-end in the REAL workbench: code-server + headless Debian Chromium (playwright-core), the
// extension loaded from source (no .vsix), on the same world `npm run demo` opens: a fake GitLab, Gitee
// and GitHub Enterprise with one repository each. Like a user, it opens the "MR Gates" container,
// clicks "Not signed in", types the token into the password box, waits for the project to appear,
// checks the palette titles, sets a status through the picker, opens a job's log, and saves the
// screenshots in test-results/screenshots/.
//
//   npm run test:e2e                     build, then run this
//   npm run test:e2e -- --update-docs    also copy the README's screenshots into docs/
//
// This run's files: .vscode-test/e2e/ (code-server.log, world/). Exit code 0 on success.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import {
  ensureVsCode,
  installDisplayLanguagePack,
  openWorkbench,
  prepareRunDir,
  printTail,
  projectRoot,
  startCodeServer,
} from '../host/workbench.mjs';

const CONTAINER_TITLE = 'MR Gates';
const TIMEOUT_MS = Number(process.env.MR_GATES_E2E_TIMEOUT_MS) || 5 * 60_000;
const shotsDir = join(projectRoot, 'test-results', 'screenshots');
/** Tall enough that the tree of three repositories (gates, reasons, approvals) is rendered whole. */
const VIEWPORT = { width: 1400, height: 1400 };
/** The screenshots the README shows, copied into docs/ by --update-docs. */
const README_SHOTS = ['gitlab-gates.png', 'gitee-check-runs.png', 'multi-root.png', 'set-status.png', 'job-log.png', 'merge-confirmation.png', 'awaiting-answer.png', 'chinese-ui.png'];
const started = Date.now();
const say = (msg) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

/** Drags the sidebar's edge so that descriptions fit in the screenshots. */
async function widenSidebar(page) {
  const sidebar = await page.locator('[id="workbench.parts.sidebar"]').boundingBox();
  if (!sidebar) return;
  const x = sidebar.x + sidebar.width;
  await page.mouse.move(x + 1, sidebar.y + 200);
  await page.mouse.down();
  await page.mouse.move(x + 260, sidebar.y + 200, { steps: 5 });
  await page.mouse.up();
}

/**
 * Signs in to each forge the way a user does: the "Not signed in" row's inline Sign In button (a click
 * on the row itself only selects it), then the token pasted into the password box.
 */
async function signInEverywhere(page, world, { notSignedIn, signIn, left }) {
  const rows = page.locator('[id="workbench.parts.sidebar"] .monaco-list-row');
  const signedOutRows = rows.filter({ hasText: notSignedIn });
  for (let remaining = world.repositories.length; remaining > 0; remaining--) {
    // Selecting the row shows its inline buttons, and they stay while the tree above it grows (an MR
    // of the forge signed in to before expanding); a hover alone is lost when the row moves.
    const row = signedOutRows.first();
    await row.click();
    await row.locator(`.action-label[aria-label^="${signIn}"]`).click({ timeout: Math.min(left(), 30_000) });
    // The token box is a password input (waiting for it, not reading the box at once: the widget may
    // still be closing from the last sign-in).
    const tokenBox = page.locator('.quick-input-widget input[type="password"]');
    await tokenBox.waitFor({ timeout: Math.min(left(), 30_000) }).catch(() => {
      throw new Error('no password input for the token');
    });
    await tokenBox.fill(world.token);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: left() });
    await signedOutRows.nth(remaining - 1).waitFor({ state: 'detached', timeout: Math.min(left(), 30_000) });
  }
}

/**
 * The same world in a workbench whose display language is Simplified Chinese (the demo's
 * `--locale zh-cn`): MR Gates' words in the tree, states and durations included.
 */
async function chineseWorkbench(world, extensionPath, deadline) {
  const left = () => Math.max(1000, deadline - Date.now());
  const run = prepareRunDir('e2e-zh');
  installDisplayLanguagePack(run, 'zh-cn');
  const server = await startCodeServer(run, { args: ['--locale', 'zh-cn'] });
  let workbench;
  try {
    workbench = await openWorkbench(server, { workspaceFile: world.workspaceFile, extensionDevelopmentPath: extensionPath, viewport: VIEWPORT });
    const { page } = workbench;
    await page.locator('.monaco-workbench').waitFor({ timeout: left() });
    await page.locator(`.activitybar [aria-label^="${CONTAINER_TITLE}"]`).first().click({ timeout: Math.min(left(), 30_000) });
    const rows = page.locator('[id="workbench.parts.sidebar"] .monaco-list-row');
    await rows.filter({ hasText: '未登录' }).nth(world.repositories.length - 1).waitFor({ timeout: left() });
    await signInEverywhere(page, world, { notSignedIn: '未登录', signIn: '登录', left });
    for (const text of ['外部状态检查', '流水线', '提交状态', '检查运行']) await rows.filter({ hasText: text }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    await rows.filter({ hasText: /^unit.*失败 · 必需 · 1分钟36秒/ }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    await rows.filter({ hasText: /^downstream-docs.*运行中 · 必需 · 下游运行中/ }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    await rows.filter({ hasText: /受阻：/ }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    await widenSidebar(page);
    await page.mouse.move(900, 600);
    await page.screenshot({ path: join(shotsDir, 'chinese-ui.png') });
    say('screenshot: chinese-ui.png (the tree and its durations in Simplified Chinese)');
  } catch (err) {
    await workbench?.page.screenshot({ path: join(shotsDir, 'e2e-failure.png') }).catch(() => {});
    throw err;
  } finally {
    await workbench?.close();
    await server.stop();
  }
}

async function main() {
  // MR_GATES_EXTENSION_PATH: load another extension folder (only for debugging the harness itself).
  const extensionPath = process.env.MR_GATES_EXTENSION_PATH || projectRoot;
  const main = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).main;
  if (main && !existsSync(join(extensionPath, main))) throw new Error(`${join(extensionPath, main)} is missing: build the extension first (node esbuild.mjs)`);
  await ensureVsCode();
  setTimeout(() => {
    console.error('[e2e] runner deadline exceeded, giving up');
    process.exit(3);
  }, TIMEOUT_MS + 60_000).unref();

  const run = prepareRunDir('e2e');
    const { createDemoWorld } = createRequire(import.meta.url)('../../out/test/fake-forge/demo-world.js');
  const world = await createDemoWorld(join(run.dir, 'world'));
  mkdirSync(shotsDir, { recursive: true });
  for (const old of [...README_SHOTS, 'gates-view.png', 'palette.png', 'e2e-failure.png']) rmSync(join(shotsDir, old), { force: true });

  const server = await startCodeServer(run);
  say(`code-server ${server.vscode.version} (VS Code ${server.vscode.vscodeVersion}) on ${server.baseUrl}`);
  let workbench;
  let ok = false;
  try {
    workbench = await openWorkbench(server, { workspaceFile: world.workspaceFile, extensionDevelopmentPath: extensionPath, viewport: VIEWPORT });
    const { page } = workbench;
    const deadline = Date.now() + TIMEOUT_MS;
    const left = () => Math.max(1000, deadline - Date.now());

    await page.locator('.monaco-workbench').waitFor({ timeout: left() });
    say('workbench up');
    const container = page.locator(`.activitybar [aria-label^="${CONTAINER_TITLE}"]`).first();
    await container.click({ timeout: Math.min(left(), 30_000) }).catch((err) => {
      throw new Error(`no "${CONTAINER_TITLE}" container in the activity bar (contributes.viewsContainers?): ${err.message.split('\n')[0]}`);
    });
    say(`opened the "${CONTAINER_TITLE}" container`);

    const rows = page.locator('[id="workbench.parts.sidebar"] .monaco-list-row');
    const signedOutRows = rows.filter({ hasText: 'Not signed in to' });
    await signedOutRows.nth(world.repositories.length - 1).waitFor({ timeout: left() });
    say(`the tree shows ${world.repositories.length} repositories, none signed in`);
    const input = page.locator('.quick-input-widget input');
    await signInEverywhere(page, world, { notSignedIn: 'Not signed in to', signIn: 'Sign In', left });
    await page.getByText(/Signed in to .* as demo/).first().waitFor({ timeout: Math.min(left(), 30_000) });
    say('signed in to the three forges through the password box; the notification names the user');
    await rows.filter({ hasText: '#1 Add the gates view' }).nth(1).waitFor({ timeout: Math.min(left(), 30_000) });
    say('the Gitee and GitHub pull requests appear with their check runs');

    // The GitLab MR: its node, its status checks and pipeline, and its findings in the Problems panel.
    await rows.filter({ hasText: '!1 Add the gates view' }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    for (const text of ['External status checks', 'License compliance', 'Commit statuses', 'sonar']) {
      await rows.filter({ hasText: text }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    }
    say('the GitLab MR shows its status checks, pipeline and commit statuses');
    await widenSidebar(page);
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel .monaco-list-row');
    await problems.filter({ hasText: 'without escaping' }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    say('the Problems panel lists the findings');
    await problems.filter({ hasText: 'without escaping' }).first().click();
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').first().waitFor({ timeout: Math.min(left(), 30_000) });
    await page.mouse.move(900, 200);
    await page.screenshot({ path: join(shotsDir, 'gitlab-gates.png') });
    say('screenshot: gitlab-gates.png (the gates of three forges, squiggles, Problems panel)');
    await page.keyboard.press('Control+Shift+M');

    // The Gitee PR: expand its failing lint run to show the annotations beside the squiggles.
    // (The GitLab pipeline has a lint job too: the Gitee run is the one with problems.)
    await rows.filter({ hasText: /^lint.*problems/ }).first().click();
    await rows.filter({ hasText: 'src/app.ts:2' }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    await rows.filter({ hasText: 'src/app.ts:2' }).first().click();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: Math.min(left(), 30_000) });
    await page.mouse.move(900, 200);
    await page.screenshot({ path: join(shotsDir, 'gitee-check-runs.png') });
    say('screenshot: gitee-check-runs.png (check-run tree with annotations, squiggles)');

    // Set Check Status… from the sonar row's context menu: MR Gates' states with their icons.
    const sonar = rows.filter({ hasText: /^sonar/ }).first();
    await sonar.click({ button: 'right' });
    await page.locator('.monaco-menu .action-label', { hasText: 'Set Check Status…' }).first().click({ timeout: Math.min(left(), 30_000) });
    const passed = page.locator('.quick-input-list .monaco-list-row', { hasText: 'passed' }).first();
    await passed.waitFor({ timeout: left() });
    await page.locator('.quick-input-list .monaco-list-row .codicon-pass').first().waitFor({ timeout: left() });
    await page.mouse.move(900, 600);
    await page.locator('.workbench-hover, .monaco-hover').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    await page.screenshot({ path: join(shotsDir, 'set-status.png') });
    say('screenshot: set-status.png (the Set Check Status picker with icons and what each state does)');
    await passed.click();
    await input.waitFor({ timeout: left() });
    if ((await input.inputValue()) !== '') throw new Error('the description box is not empty');
    await page.keyboard.press('Enter');
    // Then the target URL box, which keeps the status's link.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Target URL' }).waitFor({ timeout: left() });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: left() });
    await page.getByText('sonar is now passed.').first().waitFor({ timeout: Math.min(left(), 30_000) });
    say('set sonar to passed through the picker; one notification says so');

    // Show Log, the inline button of the failed unit job: the log opens read-only at the failure.
    const unit = rows.filter({ hasText: /^unit/ }).first();
    await unit.click();
    await unit.locator('.action-label[aria-label^="Show Log"]').click({ timeout: Math.min(left(), 30_000) });
    const tab = page.locator('.tabs-container .tab', { hasText: /unit #\d+\.log/ });
    await tab.first().waitFor({ timeout: Math.min(left(), 30_000) });
    await page.locator('.monaco-editor .view-line', { hasText: 'greet › says hello' }).first().waitFor({ timeout: Math.min(left(), 30_000) });
    if (await page.locator('.monaco-editor .view-line', { hasText: 'section_start' }).count()) throw new Error('the log still has GitLab section markers');
    await page.mouse.move(900, 600);
    await page.screenshot({ path: join(shotsDir, 'job-log.png') });
    say('screenshot: job-log.png (the unit job\'s log, cleaned, at the failing test)');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('W');

    // The three repositories, each with its forge, project and branch, their MRs under them.
    // Collapse All, then open each repository and its MR one level: the whole workspace in one picture.
    // With two views in the container, a view's title actions show while its header is hovered.
    const gatesHeader = page.locator('[id="workbench.parts.sidebar"] .pane-header', { hasText: 'Gates' }).first();
    await gatesHeader.hover();
    await gatesHeader.locator('.action-label[aria-label^="Collapse All"]').click();
    const repositoryRows = rows.filter({ hasText: /demo\/mr-gates-demo · feature\/gates/ });
    await repositoryRows.nth(world.repositories.length - 1).waitFor({ timeout: left() });
    if ((await repositoryRows.count()) !== world.repositories.length) throw new Error('not one row per repository');
    for (let i = world.repositories.length - 1; i >= 0; i--) {
      await repositoryRows.nth(i).click();
      const mergeRequest = rows.filter({ hasText: /[!#]1 Add the gates view/ }).nth(world.repositories.length - 1 - i);
      await mergeRequest.waitFor({ timeout: left() });
    }
    const mergeRequestRows = rows.filter({ hasText: /[!#]1 Add the gates view/ });
    for (let i = 0; i < world.repositories.length; i++) await mergeRequestRows.nth(i).click();
    await rows.filter({ hasText: /^Check runs/ }).nth(1).waitFor({ timeout: left() });
    // The GitLab MR names every reason it cannot merge, each a row above its gate groups.
    await rows.filter({ hasText: /· Blocked: \d+ required checks? failing/ }).first().waitFor({ timeout: left() });
    await rows.filter({ hasText: /^\d+ required checks? not passed yet$/ }).first().waitFor({ timeout: left() });
    await page.mouse.move(900, 600);
    await page.screenshot({ path: join(shotsDir, 'multi-root.png') });
    say('screenshot: multi-root.png (three repositories: folder, forge icon, project · branch; the GitLab MR\'s blocking reasons)');

    // Merge… on the PR Gitee says can merge (its inline button; GitHub's is blocked): one modal says what
    // will happen. Cancel leaves it open.
    const mergeable = rows.filter({ hasText: /#1 Add the gates view/ }).filter({ has: page.locator('.action-label[aria-label^="Merge…"]') });
    const giteePr = mergeable.first();
    await giteePr.click();
    await giteePr.locator('.action-label[aria-label^="Merge…"]').click({ timeout: Math.min(left(), 30_000) });
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'Merge #1 "Add the gates view" into main?' }).waitFor({ timeout: Math.min(left(), 30_000) });
    for (const text of ['Method:', 'Squash the commits:', 'MR Gates still reads: 1 check failing']) await dialog.filter({ hasText: text }).waitFor({ timeout: 5000 });
    await page.mouse.move(900, 1300);
    await page.screenshot({ path: join(shotsDir, 'merge-confirmation.png') });
    say('screenshot: merge-confirmation.png (Merge…: method, squash, delete-branch and the sha, in one modal)');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: Math.min(left(), 30_000) });
    if ((await mergeable.count()) !== 1) throw new Error('after Cancel, not exactly one pull request (Gitee\'s) offers Merge');
    say('Cancel merged nothing: the pull request is still listed with its Merge button');

    // Awaiting Answer: ten MRs of qa/checkout-service, which no repository here is a clone of, wait for
    // a QA sign-off. Answered from the view as a QA engineer does: the row's inline Set Status…, then passed.
    // The Gates view folded away, the queue gets the sidebar.
    const queueHeader = page.locator('[id="workbench.parts.sidebar"] .pane-header', { hasText: 'Awaiting Answer' }).first();
    if ((await queueHeader.getAttribute('aria-expanded')) !== 'true') await queueHeader.click();
    if ((await gatesHeader.getAttribute('aria-expanded')) === 'true') await gatesHeader.click();
    const signOffs = rows.filter({ hasText: /QA sign-off · pending.*qa\/checkout-service/ });
    await signOffs.nth(9).waitFor({ timeout: Math.min(left(), 60_000) });
    const badge = page.locator('.activitybar .badge .badge-content').first();
    say(`Awaiting Answer lists the ten QA sign-offs (badge: ${await badge.textContent().catch(() => '?')})`);
    await page.mouse.move(900, 600);
    await page.screenshot({ path: join(shotsDir, 'awaiting-answer.png') });
    say('screenshot: awaiting-answer.png (the checks awaiting an answer, beyond the current branch)');
    for (let answered = 0; answered < 10; answered++) {
      const row = signOffs.first();
      await row.click();
      await row.locator('.action-label[aria-label^="Set Status…"]').click({ timeout: Math.min(left(), 30_000) });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'passed' }).first().click({ timeout: Math.min(left(), 30_000) });
      await page.waitForFunction(
        ([selector, expected]) => [...document.querySelectorAll(selector)].filter((r) => /QA sign-off · pending.*qa\/checkout-service/.test(r.textContent)).length === expected,
        ['[id="workbench.parts.sidebar"] .monaco-list-row', 9 - answered],
        { timeout: Math.min(left(), 30_000) },
      );
    }
    say('answered the ten QA sign-offs from the queue, nothing checked out; each row left as it was answered');

    await page.keyboard.press('F1');
    await input.waitFor({ timeout: left() });
    await input.fill('>MR Gates: ');
    for (const title of ['MR Gates: Sign In…', 'MR Gates: Sign Out…', 'MR Gates: Refresh', 'MR Gates: Open in Browser']) {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: left() });
    }
    await page.screenshot({ path: join(shotsDir, 'palette.png') });
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: left() });
    say('the palette lists the four commands with their titles');
    // No hover tooltip over the activity bar in the picture.
    await page.mouse.move(900, 600);
    await page.locator('.workbench-hover, .monaco-hover').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    const shot = join(shotsDir, 'gates-view.png');
    await page.screenshot({ path: shot });
    say(`screenshot: ${shot}`);
    await workbench.close();
    await server.stop();
    workbench = undefined;
    await chineseWorkbench(world, extensionPath, deadline);
    ok = true;
  } catch (err) {
    say(`FAILED: ${err.message.split('\n')[0]}`);
    const shot = join(shotsDir, 'e2e-failure.png');
    await workbench?.page.screenshot({ path: shot }).catch(() => {});
    if (workbench) say(`failure screenshot: ${shot}`);
    printTail(server.logFile, 30);
    for (const e of (workbench?.errors ?? []).slice(-20)) console.error(`[workbench:error] ${e.slice(0, 1500)}`);
  } finally {
    await workbench?.close();
    await server.stop();
    await world.close();
  }
  if (ok && process.argv.includes('--update-docs')) {
    for (const name of README_SHOTS) copyFileSync(join(shotsDir, name), join(projectRoot, 'docs', name));
    say(`copied ${README_SHOTS.join(', ')} into docs/`);
  }
  say(ok ? 'PASSED' : `FAILED; files in ${run.dir}`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[e2e] ERROR: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
