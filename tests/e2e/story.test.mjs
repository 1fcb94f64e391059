// Browser end-to-end test of seed 000's story typed into the page's terminal, as a learner
// follows the tutorial: myweb3 on nginx:latest, updated to 1.24 then 1.25, then rolled back;
// the chips follow each step (their image tags), and `docker service ps` prints docker's rows.
// Each step waits on page state, never on a timer.
//
// Runs like the other tests here: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlayground, sharedBrowser } from './browser.mjs';

const browser = sharedBrowser();

/** The image tags of the running chips of `service`, sorted. */
const runningTags = (page, service) => page.evaluate((s) => [...document.querySelectorAll(`.task-chip[data-task^="${s}."][data-state="running"]:not(.stale):not([data-history])`)]
  .map((c) => c.querySelector('.task-tag').textContent).sort(), service);

test('seed 000: nginx:latest → 1.24 → 1.25 → rollback, typed, with the chips following', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser());
  try {
    await page.locator('[data-testid="speed"]').selectOption('10');
    const input = page.getByRole('textbox', { name: 'Terminal' });
    const type = async (line) => {
      await input.fill(line);
      await input.press('Enter');
    };
    const converged = async (n) => page.waitForFunction((count) => document.querySelector('[data-testid="terminal"]').textContent.split('verify: Service converged').length === count + 1, n);
    const tags = async (tag) => page.waitForFunction((t) => {
      const chips = [...document.querySelectorAll('.task-chip[data-task^="myweb3."][data-state="running"]:not(.stale):not([data-history])')];
      return chips.length === 4 && chips.every((c) => c.querySelector('.task-tag').textContent === t);
    }, tag);

    await converged(1); // the page's opening command
    await type('docker service create --name myweb3 --replicas 4 --rollback-delay 10s --rollback-parallelism 1 --rollback-failure-action pause nginx:latest');
    await converged(2);
    await tags('latest');
    await type('docker service update --image nginx:1.24 myweb3');
    await converged(3);
    await tags('1.24');
    await type('docker service update --image nginx:1.25 myweb3');
    await converged(4);
    await tags('1.25');
    await type('docker service update --rollback myweb3');
    // Back to the previous spec, one task every ten seconds.
    await page.waitForFunction(() => /rollback: manually requested rollback/.test(document.querySelector('[data-testid="terminal"]').textContent));
    await page.locator('[data-service="myweb3"] .update-status[data-update-state="rollback_completed"]').waitFor({ timeout: 120_000 });
    await tags('1.24');
    assert.deepEqual(await runningTags(page, 'myweb3'), ['1.24', '1.24', '1.24', '1.24']);

    await type('docker service ps myweb3');
    await page.waitForFunction(() => /myweb3\.1\s+nginx:1\.24\s+\S+\s+Running\s+Running/.test(document.querySelector('[data-testid="terminal"]').textContent));
    const text = await page.getByRole('log', { name: 'Terminal output' }).textContent();
    assert.match(text, /\\_ myweb3\.1\s+nginx:1\.25\s+\S+\s+Shutdown\s+Shutdown/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
