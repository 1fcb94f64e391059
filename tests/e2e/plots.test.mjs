// Browser end-to-end test of the plots: each service has a figure whose image is named by what
// it shows now, the name follows the swarm (a scale typed into the terminal), and a node going
// down is marked with a title that says which. Each step waits on page state, never on a timer.
//
// Runs like the other tests here: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openPlayground, sharedBrowser } from './browser.mjs';

const SCREENSHOTS = fileURLToPath(new URL('../../artifacts/e2e/', import.meta.url));

const browser = sharedBrowser();

test('plots: web’s running and desired tasks follow a scale and mark a node down', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser(), { width: 1440, height: 900 });
  try {
    const plots = page.getByRole('region', { name: 'Plots' });
    const web = plots.getByRole('figure', { name: /web/ });
    await web.getByRole('img', { name: /web/ }).waitFor();
    await web.getByRole('img', { name: /^web: 4 of 4 running at \d/ }).waitFor();
    // Two step lines, told apart by more than colour: the desired one is dashed.
    assert.equal(await web.locator('polyline.running').count(), 1);
    const dashes = await web.locator('polyline.desired').evaluate((line) => getComputedStyle(line).strokeDasharray);
    assert.notEqual(dashes, 'none');

    const input = page.getByRole('textbox', { name: 'Terminal' });
    await input.fill('docker service scale web=6');
    await input.press('Enter');
    await web.getByRole('img', { name: /^web: \d+ of 6 running at / }).waitFor();
    await web.getByRole('img', { name: /^web: 6 of 6 running at / }).waitFor();

    await input.fill('sim node kill worker2');
    await input.press('Enter');
    const down = web.locator('.marker.node-down title');
    await down.waitFor({ state: 'attached' });
    assert.match(await down.textContent(), /^worker2 down at \d/);

    await mkdir(SCREENSHOTS, { recursive: true });
    await plots.screenshot({ path: `${SCREENSHOTS}plots-1440.png` });
    await page.setViewportSize({ width: 375, height: 900 });
    await plots.screenshot({ path: `${SCREENSHOTS}plots-375.png` });
    assert.deepEqual(pageErrors, [], `uncaught page errors:\n${pageErrors.join('\n')}`);
  } finally {
    await context.close();
  }
});
