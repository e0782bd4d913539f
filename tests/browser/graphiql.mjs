// Headless-Chromium test of the gateway's GraphiQL page as a new user meets it:
//   node graphiql.mjs http://127.0.0.1:18100        (or GATEWAY_URL=...)
// optional GATEWAY_TOKEN: the token to paste (else one is taken from /graphiql/demo-tokens).
//
// It fails if any request of the page leaves localhost, on any CSP violation or uncaught page
// error, and unless: the demo-user picker fills the headers editor, a pasted token runs the
// default (README) query and the result shows the demo clinic, the header survives a reload
// (persisted), and the docs explorer lists the root types and Query's fields. A failing check
// leaves a screenshot; its path is printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = (process.argv[2] ?? process.env.GATEWAY_URL ?? '').replace(/\/+$/, '');
if (!base) {
  console.error('usage: node graphiql.mjs <gateway URL>   (or set GATEWAY_URL)');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CLINIC = 'Sunrise Veterinary Clinic';
const STEP_TIMEOUT_MS = 20_000;

// Anything that is not loopback is a leak: the page must work with no internet at all.
function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) || /^127\./.test(u.hostname);
}

const profile = mkdtempSync(join(tmpdir(), 'graphiql-profile-'));
const shots = mkdtempSync(join(tmpdir(), 'graphiql-screens-'));
const leaks = [];
const pageErrors = [];
const consoleErrors = [];
const results = [];
let page;

// Hard stop, so a hung browser cannot hold CI.
const watchdog = setTimeout(() => {
  console.error('browser test: watchdog fired after 180 s');
  process.exit(1);
}, 180_000);

async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(error?.message ?? error).split('\n').join('\n     ')}`);
    if (page) {
      const file = join(shots, `${results.length}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true });
        console.log(`     screenshot: ${file}`);
      } catch (shotError) {
        console.log(`     (no screenshot: ${shotError.message})`);
      }
    }
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// The CodeMirror 5 instance behind an editor element (GraphiQL 4's editors are CodeMirror 5).
const editorValue = (selector) =>
  page.evaluate((s) => {
    const el = document.querySelector(s);
    return el && el.CodeMirror ? el.CodeMirror.getValue() : null;
  }, selector);
const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
const RESULT = '.result-window .CodeMirror';

async function waitForValue(selector, predicate, what) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last = null;
  while (Date.now() < deadline) {
    last = await editorValue(selector);
    if (last !== null && predicate(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`${what}: timed out; editor holds:\n${last}`);
}

async function showHeadersEditor() {
  await page.click('button[data-name="headers"]');
  await page.waitForSelector(HEADERS_EDITOR, { timeout: STEP_TIMEOUT_MS });
}

function jwtSubject(token) {
  const payload = token.split('.')[1];
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub;
}

async function tokenToPaste() {
  if (process.env.GATEWAY_TOKEN) return process.env.GATEWAY_TOKEN;
  const response = await fetch(`${base}/graphiql/demo-tokens`);
  assert(response.ok, `no GATEWAY_TOKEN and /graphiql/demo-tokens answered ${response.status}`);
  const { users } = await response.json();
  return users.find((u) => u.clerkUserId === 'user_sunrise_owner').token;
}

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1400, height: 900 },
});
try {
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  // Every request of every page in the context passes here; a non-local one is recorded and
  // aborted (so a leak also shows up as a broken page, not just a line in the log).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    leaks.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('websocket', (ws) => {
    if (!isLocal(ws.url())) leaks.push(ws.url());
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  await check('page loads from the binary and GraphiQL renders', async () => {
    const response = await page.goto(`${base}/graphiql`);
    assert(response.ok(), `GET /graphiql answered ${response.status()}`);
    const csp = response.headers()['content-security-policy'] ?? '';
    assert(/default-src 'none'/.test(csp) && /script-src 'self'/.test(csp), `weak or missing CSP: ${csp}`);
    await page.waitForSelector('.graphiql-container');
    await page.waitForSelector(QUERY_EDITOR);
  });

  await check("the default tab holds the README's first query", async () => {
    await waitForValue(QUERY_EDITOR, (v) => v.includes('me { user { email }') && v.includes('inboundCalls'), 'query editor');
  });

  await check('the demo-user picker puts a token for the chosen user into the headers', async () => {
    await showHeadersEditor();
    const picker = await page.waitForSelector('[data-testid="demo-user-picker"]');
    await picker.selectOption('user_sunrise_viewer');
    const headers = await waitForValue(HEADERS_EDITOR, (v) => v.includes('Bearer ey'), 'headers editor');
    const token = JSON.parse(headers).Authorization.replace(/^Bearer /, '');
    assert(jwtSubject(token) === 'user_sunrise_viewer', `token is for ${jwtSubject(token)}`);
  });

  await check('a pasted token runs the default query and the result shows the clinic', async () => {
    const token = await tokenToPaste();
    const headers = JSON.stringify({ Authorization: `Bearer ${token}` });
    await showHeadersEditor();
    await page.click(HEADERS_EDITOR);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(headers);
    await waitForValue(HEADERS_EDITOR, (v) => v === headers, 'headers editor after paste');
    await page.click('.graphiql-execute-button');
    const text = await waitForValue(RESULT, (v) => v.includes(CLINIC) || v.includes('"errors"'), 'result pane');
    const result = JSON.parse(text);
    assert(!result.errors, `the query answered errors: ${JSON.stringify(result.errors)}`);
    assert(result.data?.me?.user?.email, `no me.user.email in ${text.slice(0, 300)}`);
    assert(result.data.clinics.some((c) => c.name === CLINIC), `no ${CLINIC} in clinics`);
  });

  await check('the pasted header survives a reload (persisted headers)', async () => {
    const before = await editorValue(HEADERS_EDITOR);
    // GraphiQL writes the editors to localStorage debounced (500 ms); a person does not reload
    // faster than that, so wait for the write rather than race it.
    await page.waitForFunction((v) => localStorage.getItem('graphiql:headers') === v, before);
    await page.reload();
    await page.waitForSelector(QUERY_EDITOR);
    await showHeadersEditor();
    await waitForValue(HEADERS_EDITOR, (v) => v === before, 'headers editor after reload');
  });

  await check("the docs explorer lists the schema's root types and Query's fields", async () => {
    await page.click('button[aria-label="Show Documentation Explorer"]');
    const explorer = await page.waitForSelector('.graphiql-doc-explorer');
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    let text = '';
    while (Date.now() < deadline) {
      const failure = await page.$('.graphiql-doc-explorer-error');
      if (failure) throw new Error(`docs explorer shows an error: ${(await failure.innerText()).trim()}`);
      text = await explorer.innerText();
      if (/query:\s*Query/.test(text)) break;
      await page.waitForTimeout(200);
    }
    assert(/query:\s*Query/.test(text) && /mutation:\s*Mutation/.test(text), `no root types in the explorer: ${text.slice(0, 300)}`);
    await page
      .locator('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ })
      .first()
      .click();
    await page.locator('.graphiql-doc-explorer-title', { hasText: /^Query$/ }).waitFor();
    const fields = await page.$$eval('.graphiql-doc-explorer-field-name', (els) => els.map((e) => e.textContent));
    for (const field of ['me', 'clinics', 'clinic']) assert(fields.includes(field), `Query fields: ${fields.join(', ')}`);
  });

  // The dialogs lock scrolling by inserting <style> elements: the page's CSP nonce must cover them.
  await check('a dialog opens and closes under the CSP', async () => {
    await page.click('button[aria-label="Open short keys dialog"]');
    await page.waitForSelector('[role="dialog"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  });

  await check('no request left localhost', async () => {
    assert(leaks.length === 0, `requests to other origins:\n${leaks.join('\n')}`);
  });

  await check('no CSP violation and no uncaught page error', async () => {
    const violations = await page.evaluate(() => window.__cspViolations);
    assert(violations.length === 0 && pageErrors.length === 0, [...violations, ...pageErrors].join('\n'));
  });
} finally {
  await context.close();
  clearTimeout(watchdog);
  rmSync(profile, { recursive: true, force: true });
}

if (consoleErrors.length > 0) console.log(`console errors (informational):\n  ${consoleErrors.join('\n  ')}`);
const failed = results.filter((r) => !r.ok).length;
if (failed === 0) rmSync(shots, { recursive: true, force: true });
console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
