// Browser end-to-end test of a pending task SwarmKit's scheduler gives up on (moby/moby#53722):
// its chip is marked and says why, it stays pending when a node that fits joins the swarm's
// labels, and `--force` replaces it. Each step waits on page state, never on a timer.
//
// Runs like skeleton.test.mjs: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPlayground, sharedBrowser } from './browser.mjs';

const SCREENSHOT = fileURLToPath(new URL('../../artifacts/e2e/stuck.png', import.meta.url));

const browser = sharedBrowser();

const simMs = () => Number(document.querySelector('[data-testid="sim-clock"]').dataset.simMs);

test('stuck: an old-revision pending task is marked, stays pending, and --force replaces it', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser(), { width: 1280, height: 900 });
  try {
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.includes('verify: Service converged'));

    const input = page.locator('[data-testid="terminal-input"]');
    const type = async (line) => {
      await input.fill(line);
      await input.press('Enter');
    };
    // A task no node fits, then a new spec version that leaves it as it is, then a
    // scheduling pass (a node label change): the scheduler drops it.
    await type('docker service create --detach --name api --constraint node.labels.zone==b nginx:latest');
    await page.waitForFunction(() => document.querySelector('.task-chip[data-task="api.1"]')?.title.includes('no suitable node'));
    await type('docker service update --detach --update-delay 3s api');
    await type('docker node update --label-add rack=1 worker1');
    const stuck = page.locator('.task-chip[data-task="api.1"][data-stuck="true"]');
    await stuck.waitFor();
    assert.match(await stuck.getAttribute('title'), /moby\/moby#53722/);

    // A node that fits now: the task is not retried, five simulated seconds later still pending.
    await type('docker node update --label-add zone=b worker2');
    const from = await page.evaluate(simMs);
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid="sim-clock"]').dataset.simMs) > t + 5000, from);
    assert.equal(await stuck.getAttribute('data-state'), 'pending');
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // `--force` replaces it; the new task runs on the node that fits.
    await type('docker service update --detach --force api');
    await page.waitForFunction(() => {
      const card = [...document.querySelectorAll('.node-card')].find((c) => c.textContent.includes('worker2'));
      return card?.querySelector('.task-chip[data-task="api.1"][data-state="running"]') != null;
    });
    assert.equal(await page.locator('.task-chip[data-stuck]').count(), 0);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
