// Browser end-to-end test of accessibility: axe-core finds no violation on the page at a
// desktop and a phone width, in the dark and the light theme, in a quiet swarm, during a rolling
// update with a node down, with every form open and the timeline in the past, and on the dense
// board; and the page never scrolls sideways. Motion is reduced so that axe reads settled colours, not a
// chip halfway through a transition.
//
// Runs like the other tests here: `cargo xtask test` serves www/dist and sets SWARM_BASE_URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { openPlayground, sharedBrowser } from './browser.mjs';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const browser = sharedBrowser();

/** axe's violations on the page as it stands, one line each. */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run());
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [width, colorScheme] of [[1440, 'dark'], [375, 'dark'], [1440, 'light'], [375, 'light']]) {
  test(`accessibility at ${width} px, ${colorScheme}: no axe violation, no sideways scrolling`, { timeout: 120_000 }, async () => {
    const { context, page, pageErrors } = await openPlayground(browser(), { width, height: 900 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce', colorScheme });
      const terminal = () => document.querySelector('[data-testid="terminal"]').textContent;
      await page.waitForFunction(`(${terminal})().includes('verify: Service converged')`);
      assert.deepEqual(await violations(page), [], 'a quiet swarm');

      // A node down and an update paused on a missing image: dashed chips, rejected chips, a
      // paused status, the terminal's error text.
      const input = page.getByRole('textbox', { name: 'Terminal' });
      for (const line of ['sim node kill worker2', 'docker service update -d --image nginx:nope web', 'sleep 15']) {
        await input.fill(line);
        await input.press('Enter');
      }
      await page.waitForFunction(() => document.querySelector('[data-service="web"] [data-update-state="paused"]'));
      await page.waitForFunction(() => document.querySelector('.node-card[data-node="worker2"]')?.dataset.status === 'down');
      assert.deepEqual(await violations(page), [], 'a node down, an update paused');
      // What a person sees at this width and in this theme, for review (artifacts/, ignored).
      const shot = fileURLToPath(new URL(`../../artifacts/e2e/page-${width}-${colorScheme}.png`, import.meta.url));
      await mkdir(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });

      // Every form open, the history shown, the timeline in the past, a node failure marked.
      await page.getByRole('checkbox', { name: 'Show stopped tasks' }).check();
      await page.locator('.task-chip[data-history]').first().waitFor();
      for (const name of ['Change image of web', 'Update settings of web', 'New service', 'Add a node']) {
        await page.getByRole('button', { name }).click();
      }
      await page.getByRole('slider', { name: 'Timeline' }).fill('3');
      await page.getByRole('status').filter({ hasText: 'Acting here continues' }).waitFor();
      assert.deepEqual(await violations(page), [], 'forms open, history, the past');
      // And the dense view of the board.
      await page.getByRole('button', { name: 'End' }).click();
      await page.getByRole('checkbox', { name: 'Dense view' }).check();
      await page.locator('.tile[data-node="worker2"]').waitFor();
      assert.deepEqual(await violations(page), [], 'the dense board');

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      assert.deepEqual(pageErrors, [], `uncaught page errors:\n${pageErrors.join('\n')}`);
    } finally {
      await context.close();
    }
  });
}

for (const [width, colorScheme] of [[1440, 'dark'], [375, 'light']]) {
  test(`a lesson at ${width} px, ${colorScheme}: run buttons, checkpoints turning green, no axe violation`, { timeout: 120_000 }, async () => {
    const context = await browser().newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));
    try {
      await page.emulateMedia({ reducedMotion: 'reduce', colorScheme });
      await page.goto(new URL('?lesson=swarm-tour&speed=100', process.env.SWARM_BASE_URL ?? 'http://127.0.0.1:8080/').href);
      const lesson = page.getByRole('region', { name: 'Lesson' });
      await lesson.waitFor();
      assert.deepEqual(await violations(page), [], 'a lesson just started');
      // The first step's first command, run with one click: typed into the terminal.
      await lesson.getByRole('button', { name: /^Run docker service create/ }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.includes('docker service create -p 80:80 --name web nginx:latest'));
      await page.waitForFunction(() => [...document.querySelectorAll('.checkpoint.met')].some((c) => c.textContent.includes('web has 1 running task')));
      assert.deepEqual(await violations(page), [], 'a checkpoint met');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      const shot = fileURLToPath(new URL(`../../artifacts/e2e/lesson-${width}-${colorScheme}.png`, import.meta.url));
      await mkdir(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      assert.deepEqual(pageErrors, [], `uncaught page errors:\n${pageErrors.join('\n')}`);
    } finally {
      await context.close();
    }
  });
}
