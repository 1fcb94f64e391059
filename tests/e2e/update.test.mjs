// Browser end-to-end test of a rolling update on the page: the services panel tells the batch
// and when the next one starts, and each task chip shows its slot's phase (done, in flight,
// waiting). Each step waits on page state, never on a timer.
//
// Runs like skeleton.test.mjs: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPlayground, sharedBrowser } from './browser.mjs';

const SCREENSHOT = fileURLToPath(new URL('../../artifacts/e2e/update.png', import.meta.url));

const browser = sharedBrowser();

const chipsMarked = (phase) => document.querySelectorAll(`.node-card .task-chip[data-update="${phase}"]`).length;

test('update: batches, the next batch, and each slot’s phase', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser(), { width: 1280, height: 900 });
  try {
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.includes('verify: Service converged'));

    const input = page.locator('[data-testid="terminal-input"]');
    await input.fill('docker service update --update-parallelism 2 --update-delay 10s --image nginx:1.25 web');
    await input.press('Enter');

    // The first batch is under way: its two slots in flight, the other two waiting.
    await page.waitForFunction(() => document.querySelector('.update-detail')?.textContent === 'batch 1/2');
    await page.waitForFunction(chipsMarked, 'waiting');
    // Both new tasks run: their slots are done, and the workers sleep the delay.
    await page.waitForFunction(() => /^batch 1\/2 · next batch in \d+s$/.test(document.querySelector('.update-detail')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('.update-status')?.textContent.trim() === 'updating 2/4');
    assert.equal(await page.evaluate(chipsMarked, 'done'), 2);
    assert.equal(await page.evaluate(chipsMarked, 'waiting'), 2);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // The second batch, then docker's verify line; the marks go with the run.
    await page.waitForFunction(() => document.querySelector('.update-detail')?.textContent.startsWith('batch 2/2'));
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.split('verify: Service converged').length === 3);
    await page.waitForFunction(() => document.querySelector('.update-status')?.textContent.trim() === 'completed');
    assert.equal(await page.evaluate(() => document.querySelectorAll('.task-chip[data-update]').length), 0);
    assert.deepEqual(pageErrors, [], `uncaught page errors:\n${pageErrors.join('\n')}`);
  } finally {
    await context.close();
  }
});
