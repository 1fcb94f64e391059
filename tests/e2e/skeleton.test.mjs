// Browser end-to-end test of the Swarm Playground page (node:test + playwright-core).
//
// `cargo xtask test` serves www/dist on a free port and runs `node --test tests/e2e/` with
// SWARM_BASE_URL pointing at it. By hand: `cargo xtask serve` in one terminal, then
// `node --test tests/e2e/` (SWARM_BASE_URL defaults to http://127.0.0.1:8080/).
//
// Page contract checked here:
//   [data-testid="sim-clock"]   data-sim-ms = simulated clock in integer milliseconds
//   [data-testid="play-pause"]  text "Pause" while running, "Play" (aria-pressed="true") when paused
//   .task-chip                  data-task (e.g. web.1), data-state (lower-case docker task state)
//   .node-card                  data-node = hostname (manager1, worker1, worker2)
//   [data-service="web"]        the web service's row/panel
//
// Waits use Playwright's waiting primitives or the page's own animation frames, never fixed sleeps.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, sharedBrowser } from './browser.mjs';

const SCREENSHOT = fileURLToPath(new URL('../../artifacts/e2e/skeleton.png', import.meta.url));
const CONVERGE_MS = 30_000;

const browser = sharedBrowser();

// Installed before any page script runs: records every data-state value a .task-chip ever shows,
// so the test can prove the tasks went through intermediate states on their way to running.
function recordChipStates() {
  const seen = new Set();
  window.__chipStatesSeen = seen;
  const visit = (el) => {
    if (el.nodeType !== Node.ELEMENT_NODE) return;
    if (el.matches('.task-chip[data-state]')) seen.add(el.getAttribute('data-state'));
    for (const chip of el.querySelectorAll('.task-chip[data-state]')) {
      seen.add(chip.getAttribute('data-state'));
    }
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') visit(m.target);
      for (const node of m.addedNodes) visit(node);
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-state', 'class'],
  });
}

const simMs = (page) =>
  page.locator('[data-testid="sim-clock"]').getAttribute('data-sim-ms').then((v) => {
    assert.match(v ?? '', /^\d+$/, `data-sim-ms should be integer milliseconds, got ${v}`);
    return Number(v);
  });

// Resolves after the page has rendered three more animation frames: the clock moves on every
// frame while playing (at 4x, tens of simulated milliseconds), so a paused clock must not.
const pageFrames = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      ),
  );

test('skeleton: cluster converges to 4 running web tasks; play/pause freezes the clock', { timeout: 120_000 }, async (t) => {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(CONVERGE_MS);
  const page = await context.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`${msg.text()} (${msg.location().url})`);
  });
  await page.addInitScript(recordChipStates);

  try {
    const response = await page.goto(BASE_URL, { waitUntil: 'load' });
    assert.ok(response?.ok(), `GET ${BASE_URL} answered ${response?.status()}`);

    // Three node cards, by hostname.
    const nodeCards = page.locator('.node-card');
    await nodeCards.nth(2).waitFor({ timeout: CONVERGE_MS });
    const nodes = await nodeCards.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-node')).sort());
    assert.deepEqual(nodes, ['manager1', 'worker1', 'worker2']);

    await page.locator('[data-service="web"]').first().waitFor({ timeout: CONVERGE_MS });
    const playPause = page.locator('[data-testid="play-pause"]');
    assert.equal((await playPause.textContent())?.trim(), 'Pause', 'the simulation starts running');

    // Converges: exactly 4 distinct web tasks running (a chip may be shown in several places).
    await page.waitForFunction(
      () => {
        const running = document.querySelectorAll('.task-chip[data-task^="web."][data-state="running"]');
        return new Set([...running].map((c) => c.getAttribute('data-task'))).size === 4;
      },
      null,
      { timeout: CONVERGE_MS },
    );
    const seen = await page.evaluate(() => [...window.__chipStatesSeen].sort());
    t.diagnostic(`task states seen while loading: ${seen.join(', ')}`);
    assert.ok(seen.includes('preparing'), `a task was seen preparing (seen: ${seen.join(', ')})`);
    assert.ok(seen.includes('running'), `a task was seen running (seen: ${seen.join(', ')})`);

    // Pause: the button flips and the simulated clock stops.
    await playPause.click();
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="play-pause"]');
      return b?.textContent.trim() === 'Play' && b.getAttribute('aria-pressed') === 'true';
    });
    const pausedAt = await simMs(page);
    await pageFrames(page);
    assert.equal(await simMs(page), pausedAt, 'the clock does not move while paused');

    // Play again: the clock moves on.
    await playPause.click();
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="play-pause"]');
      return b?.textContent.trim() === 'Pause' && b.getAttribute('aria-pressed') !== 'true';
    });
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid="sim-clock"]')?.getAttribute('data-sim-ms')) > before,
      pausedAt,
      { timeout: CONVERGE_MS },
    );

    assert.deepEqual(pageErrors, [], 'the page raised no errors');
  } finally {
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch((e) => t.diagnostic(`no screenshot: ${e}`));
    for (const e of consoleErrors) t.diagnostic(`console error: ${e}`);
    for (const e of pageErrors) t.diagnostic(`page error: ${e}`);
    await context.close();
  }
});
