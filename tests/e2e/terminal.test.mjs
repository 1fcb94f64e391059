// Browser end-to-end test of the terminal pane: type the tutorials' commands (a pasted prompt,
// a `\` continuation), watch the progress display animate, interrupt it, read docker's output.
// Each step waits on page state, never on a timer.
//
// Runs like skeleton.test.mjs: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPlayground, sharedBrowser } from './browser.mjs';

const SCREENSHOT = fileURLToPath(new URL('../../artifacts/e2e/terminal.png', import.meta.url));

const browser = sharedBrowser();

test('terminal: commands as tutorials print them, progress, Ctrl-C', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser(), { width: 1280, height: 1000 });
  try {
    const input = page.locator('[data-testid="terminal-input"]');

    // The opening create shows its progress display live, then docker's verify line.
    await page.waitForFunction(() => /\d\/4: (preparing|starting|running)/.test(document.querySelector('[data-testid="terminal"]').textContent));
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.includes('verify: Service converged'));

    // A pasted prompt and sudo are dropped; the table is docker's.
    await input.fill('ubuntu@aws-node1:~$ sudo docker service ls');
    await input.press('Enter');
    await page.waitForFunction(() => /web\s+replicated\s+4\/4\s+nginx:latest/.test(document.querySelector('[data-testid="terminal"]').textContent));

    // A `\` continuation: the prompt turns into `> ` until the command is whole.
    await input.fill('docker service create --name ping \\');
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="prompt"]').textContent === '> ');
    await input.fill('> --replicas 3 alpine ping docker.com');
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.includes('overall progress: 0 out of 3 tasks'));
    // The command is echoed as typed, its continued line after a `> ` prompt.
    assert.ok(
      (await page.locator('[data-testid="terminal"]').textContent()).includes('docker service create --name ping \\\n> --replicas 3 alpine ping docker.com\n'),
      'a continued command is echoed over its lines',
    );
    // Ctrl-C stops waiting; the swarm carries on.
    await input.press('Control+c');
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.includes('Operation continuing in background.'));
    // `sleep` lets simulated time pass at once; the page's clock follows.
    const before = Number(await page.locator('[data-testid="sim-clock"]').getAttribute('data-sim-ms'));
    await input.fill('sleep 20');
    await input.press('Enter');
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid="sim-clock"]').dataset.simMs) >= t, before + 20_000);
    await input.fill('docker service ps ping');
    await input.press('Enter');
    await page.waitForFunction(() => (document.querySelector('[data-testid="terminal"]').textContent.match(/ping\.\d\s+alpine:latest\s+\S+\s+Running\s+Running/g) ?? []).length === 3);

    // Mistakes get docker's words.
    await input.fill('docker service create --frob nginx');
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.includes("unknown flag: --frob\nSee 'docker service create --help'."));
    assert.equal(await page.locator('.terminal .stderr').last().textContent(), "unknown flag: --frob\nSee 'docker service create --help'.\n");

    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(pageErrors, [], `uncaught page errors:\n${pageErrors.join('\n')}`);
  } finally {
    await context.close();
  }
});
