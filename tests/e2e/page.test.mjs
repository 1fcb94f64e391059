// Browser end-to-end tests of the page's own controls, driven by their accessible names (a
// contract with embedders): service and node buttons, the timeline, Step, the event log's
// filter, and a rolling update by keyboard alone. Each step waits on page state, never on a
// timer.
//
// Runs like skeleton.test.mjs: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlayground, sharedBrowser } from './browser.mjs';

const browser = sharedBrowser();

const terminalText = (page) => page.getByRole('log', { name: 'Terminal output' }).textContent();
const waitForTerminal = (page, pattern) =>
  page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="terminal"]').textContent), pattern.source);
const simSeconds = async (page) => Number(await page.locator('[data-testid="sim-clock"]').getAttribute('data-sim-ms')) / 1000;

async function typeLine(page, line) {
  const input = page.getByRole('textbox', { name: 'Terminal' });
  await input.fill(line);
  await input.press('Enter');
}

const image_field_count = (page) => page.getByRole('textbox', { name: 'Image' }).count();

async function converged(page) {
  await page.getByRole('listitem', { name: /^web\.4 running on / }).waitFor();
  await waitForTerminal(page, /verify: Service converged/);
}

test('buttons: change image, roll back, scale, add a node, by their names', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser());
  try {
    await converged(page);
    await page.getByRole('button', { name: 'Change image of web' }).click();
    await page.getByRole('textbox', { name: 'Image' }).fill('nginx:1.25');
    await page.getByRole('button', { name: 'Update', exact: true }).click();
    // The terminal shows the docker line the click stands for, and the chips follow.
    await waitForTerminal(page, /# docker service update --image nginx:1\.25 web/);
    await page.locator('.service-image', { hasText: 'nginx:1.25' }).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.task-chip[data-task^="web."]:not([data-history])')]
      .filter((c) => c.dataset.state === 'running' && c.querySelector('.task-tag').textContent === '1.25').length === 4);

    await page.getByRole('button', { name: 'Roll back web' }).click();
    await waitForTerminal(page, /# docker service rollback web/);
    await page.locator('.update-status[data-update-state="rollback_completed"]').waitFor();
    await page.locator('.service-image', { hasText: 'nginx:latest' }).waitFor();

    const replicas = page.getByRole('spinbutton', { name: 'Replicas of web' });
    assert.equal(await replicas.inputValue(), '4');
    await replicas.fill('6');
    await replicas.press('Enter');
    await waitForTerminal(page, /# docker service scale web=6/);
    await page.locator('.replicas[data-running="6"]').waitFor();

    await page.getByRole('button', { name: 'Add a node' }).click();
    const form = page.getByRole('form', { name: 'Add a node' });
    assert.equal(await form.getByLabel('Hostname').inputValue(), 'worker3');
    await form.getByLabel('Labels').fill('zone=b');
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('article', { name: 'node worker3' }).waitFor();
    await waitForTerminal(page, /# sim node add worker3 --label 'zone=b'/);

    // A refusal is the daemon's words in the banner, and changes nothing.
    await page.getByRole('button', { name: 'Remove worker2' }).click();
    await page.getByTestId('error').getByText(/^Error response from daemon: /).waitFor();
    await page.getByRole('article', { name: 'node worker2' }).waitFor();
    await page.getByRole('button', { name: 'Pause worker2' }).click();
    await page.locator('.node-card[data-node="worker2"][data-availability="pause"]').waitFor();
    await page.getByRole('button', { name: 'Promote worker2' }).click();
    await page.getByRole('button', { name: 'Demote worker2' }).waitFor();

    // The dense board: a tile per node, named by its text; a tile opens its card.
    await page.getByRole('checkbox', { name: 'Dense view' }).check();
    await page.getByRole('button', { name: /^worker1 ?: Ready, Active; \d+ running$/ }).click();
    await page.getByRole('article', { name: 'node worker1' }).getByRole('listitem', { name: /^web\.\d+ running on worker1$/ }).first().waitFor();
    assert.equal(await page.getByRole('article').count(), 1, 'only the opened card');
    await page.getByRole('button', { name: 'Close worker1' }).click();
    assert.equal(await page.getByRole('article').count(), 0);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('power off worker2: tasks replaced, service ps says Shutdown … Running, the log names it', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser());
  try {
    await converged(page);
    const onWorker2 = await page.getByRole('listitem', { name: /^web\.\d running on worker2$/ }).count();
    assert.ok(onWorker2 > 0);
    await page.getByRole('button', { name: 'Power off worker2' }).click();
    // The manager notices by missed heartbeats; the replacements run elsewhere.
    await page.locator('.node-card[data-node="worker2"][data-status="down"]').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.task-chip[data-state="running"]:not(.stale)')]
      .filter((c) => !c.closest('[data-node="worker2"]')).length === 4);
    await typeLine(page, 'docker service ps web');
    await waitForTerminal(page, /\\_ web\.\d\s+nginx:latest\s+worker2\s+Shutdown\s+Running/);
    const events = page.getByRole('log', { name: 'Events' });
    await events.getByText('worker2 was powered off').waitFor();
    await events.getByText(/worker2 is down/).first().waitFor();
    // Filtered to worker2, the log keeps only what concerns it.
    await page.getByRole('combobox', { name: 'Filter events by host' }).selectOption('worker2');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="events"] li')]
      .every((li) => li.dataset.eventNode === 'worker2'));
    assert.ok(await events.locator('li').count() > 0);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('time: Step, scrub the timeline back to the earlier board, End back to now', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser());
  try {
    await converged(page);
    await page.getByRole('button', { name: 'Power off worker2' }).click();
    await page.locator('.node-card[data-node="worker2"][data-status="down"]').waitFor();

    // Step pauses, then runs to the next moment something happens.
    await page.getByRole('button', { name: 'Step' }).click();
    await page.locator('[data-testid="play-pause"][aria-pressed="true"]').waitFor();
    const before = await simSeconds(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid="sim-clock"]').dataset.simMs) / 1000 > t, before);

    const timeline = page.getByRole('slider', { name: 'Timeline' });
    const head = Number(await timeline.getAttribute('max'));
    assert.ok(head >= Math.floor(before), `${head} ≥ ${before}`);
    // Back to five seconds in: worker2 is up, the opening command still running.
    await timeline.fill('5');
    await page.locator('.node-card[data-node="worker2"][data-status="ready"]').waitFor();
    assert.equal(await timeline.getAttribute('aria-valuetext'), '5s');
    assert.equal(await simSeconds(page), 5);
    await page.getByRole('status').filter({ hasText: 'Acting here continues from this moment' }).waitFor();

    // End: the live edge again, worker2 down, the later inputs kept.
    await page.getByRole('button', { name: 'End' }).click();
    await page.locator('.node-card[data-node="worker2"][data-status="down"]').waitFor();
    assert.ok(await simSeconds(page) >= head);
    assert.match(await terminalText(page), /# sim node kill worker2/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('keyboard only: a rolling update from the services panel', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser());
  try {
    await converged(page);
    // Tab to the button, open the field, type, submit: no mouse.
    const button = page.getByRole('button', { name: 'Change image of web' });
    await page.getByRole('button', { name: 'Force update web' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await button.evaluate((b) => b === document.activeElement), true);
    assert.equal(await image_field_count(page), 0);
    await page.keyboard.press('Enter');
    // The field takes the focus, its text selected: typing replaces it.
    const image = page.getByRole('textbox', { name: 'Image' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Image');
    await page.keyboard.type('nginx:1.24');
    await page.keyboard.press('Enter');
    await waitForTerminal(page, /# docker service update --image nginx:1\.24 web/);
    await page.locator('.update-status[data-update-state="completed"]').waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('a trap (the release wasm\'s panic) leaves one readable banner with a reload button', { timeout: 60_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser());
  try {
    await converged(page);
    // A panic in the release wasm traps at once: the browser gets a WebAssembly.RuntimeError
    // out of whatever callback it was running. Raise one from a browser callback as a trap
    // would; an error that is not a trap leaves no banner.
    await page.evaluate(() => setTimeout(() => { throw new Error('not a trap'); }));
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)));
    assert.equal(await page.locator('[data-testid="panic"]').count(), 0);
    await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable <b>executed</b>'); }));
    await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('a second trap'); }));
    const banner = page.getByRole('alert').filter({ hasText: 'The playground stopped' });
    await banner.waitFor();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)));
    assert.equal(await page.locator('[data-testid="panic"]').count(), 1, 'one banner');
    // The message is text, never HTML.
    assert.match(await banner.locator('pre').textContent(), /unreachable <b>executed<\/b>/);
    assert.equal(await banner.locator('b').count(), 0);
    await banner.getByRole('button', { name: 'Reload' }).waitFor();
    assert.equal(pageErrors.length, 3, pageErrors.join('\n'));
  } finally {
    await context.close();
  }
});
