// Browser end-to-end test of the playground's own time in the page: `sim step`, the event log
// (the page's panel and `sim events`), `sim rewind` back before a drain, and `sim export`.
// Each step waits on page state, never on a timer.
//
// Runs like skeleton.test.mjs: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPlayground, sharedBrowser } from './browser.mjs';

const SCREENSHOT = fileURLToPath(new URL('../../artifacts/e2e/time.png', import.meta.url));

const browser = sharedBrowser();

test('time: step, the event log, rewind and export in the page', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser(), { width: 1280, height: 1000 });
  try {
    const input = page.locator('[data-testid="terminal-input"]');
    const type = async (line) => {
      await input.fill(line);
      await input.press('Enter');
    };
    const waitForText = (text) => page.waitForFunction((t) => document.querySelector('[data-testid="terminal"]').textContent.includes(t), text);

    await waitForText('verify: Service converged');
    // Time stands still from here on: only the terminal moves it.
    await page.locator('[data-testid="play-pause"]').click();

    // The page's event log speaks in sentences, in a polite live region named Events.
    const events = page.getByRole('log', { name: 'Events' });
    await events.getByText('web.1 on', { exact: false }).first().waitFor();
    assert.match(await events.textContent(), /web\.\d on \S+: starting → running/);

    // A drain, twenty seconds, and the event log says what it did.
    await type('docker node update --availability drain worker1');
    await page.locator('.node-card[data-node="worker1"][data-availability="drain"]').waitFor();
    await type('sleep 20');
    await type('sim events --node worker1');
    await waitForText('worker1 availability active → drain');

    // `sim step`: on to the next event, which it prints; nothing happens in a settled swarm.
    await type('sim step');
    await waitForText('Nothing happens in the next 1h0m0s of simulated time');

    // Back before the drain: the card is active again and the note says what was dropped.
    await type('sim rewind 20s');
    await waitForText('later commands dropped:\n#   docker node update --availability drain worker1\n#   sleep 20');
    await page.locator('.node-card[data-node="worker1"][data-availability="active"]').waitFor();
    assert.doesNotMatch(await page.locator('[data-testid="terminal"]').textContent(), /~\$ sleep 20/);

    // The story so far as a script for a real swarm.
    await type('sim export');
    await waitForText('#!/bin/sh');
    await waitForText('docker service create --name web --replicas 4 nginx:latest');

    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(pageErrors, [], `uncaught page errors:\n${pageErrors.join('\n')}`);
  } finally {
    await context.close();
  }
});
