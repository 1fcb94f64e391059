// Browser end-to-end test of the playground's controls: scale a service, drain a node, power a
// node off. Each step waits on what a real swarm would show (page state), never on a timer.
//
// Runs like skeleton.test.mjs: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPlayground, sharedBrowser } from './browser.mjs';

const SCREENSHOT = fileURLToPath(new URL('../../artifacts/e2e/interactions.png', import.meta.url));

const browser = sharedBrowser();

// Distinct web tasks running (not stale), optionally only on one node or off one node.
function runningWeb({ on, notOn } = {}) {
  const chips = [...document.querySelectorAll('.node-card')]
    .filter((card) => (on ? card.dataset.node === on : true) && (notOn ? card.dataset.node !== notOn : true))
    .flatMap((card) => [...card.querySelectorAll('.task-chip[data-task^="web."][data-state="running"]:not(.stale)')]);
  return new Set(chips.map((c) => c.dataset.task)).size;
}

test('controls: scale up, drain a node, power a node off', { timeout: 120_000 }, async (t) => {
  const { context, page, pageErrors } = await openPlayground(browser(), { width: 1280, height: 1000 });
  try {
    await page.waitForFunction(`(${runningWeb})() === 4`);

    // Scale up: a fifth replica appears and runs.
    await page.locator('[data-service="web"] [data-action="scale-up"]').click();
    await page.waitForFunction(() => document.querySelector('[data-service="web"] .replicas')?.textContent.includes('/5'));
    await page.waitForFunction(`(${runningWeb})() === 5`);

    // The page is driven through its accessible names, the contract screen readers and
    // embedders rely on.
    await page.getByRole('article', { name: 'node worker1' }).waitFor();
    await page.getByRole('listitem', { name: /^web\.\d running on worker1$/ }).first().waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Terminal' }).count(), 1);
    assert.equal(await page.getByRole('log', { name: 'Terminal output' }).count(), 1);

    // Drain worker1: its tasks leave and are replaced elsewhere; nothing runs there any more.
    await page.getByRole('button', { name: 'Drain worker1', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.node-card[data-node="worker1"]')?.dataset.availability === 'drain');
    await page.waitForFunction(`(${runningWeb})({ on: 'worker1' }) === 0 && (${runningWeb})() === 5`);
    await page.getByRole('button', { name: 'Activate worker1', exact: true }).waitFor();

    // Power worker2 off: after the heartbeat timeout it is Down, and its tasks run elsewhere.
    await page.getByRole('button', { name: 'Power off worker2', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.node-card[data-node="worker2"]')?.dataset.status === 'down');
    await page.waitForFunction(`(${runningWeb})({ notOn: 'worker2' }) === 5`);
    await page.getByRole('button', { name: 'Power on worker2', exact: true }).waitFor();
    const onManager = await page.evaluate(`(${runningWeb})({ on: 'manager1' })`);
    assert.equal(onManager, 5, 'with worker1 drained and worker2 down, everything runs on manager1');

    assert.equal(await page.locator('[data-testid="error"]').count(), 0, 'no command was refused');

    assert.deepEqual(pageErrors, [], 'the page raised no errors');
  } finally {
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch((e) => t.diagnostic(`no screenshot: ${e}`));
    for (const e of pageErrors) t.diagnostic(`page error: ${e}`);
    await context.close();
  }
});
