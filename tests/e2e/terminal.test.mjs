// Browser end-to-end test of the terminal pane: type the tutorials' commands (a pasted prompt,
// a `\` continuation), watch the progress display animate, interrupt it, read docker's output;
// then what makes it a shell: Tab completion, Ctrl-L, Enter on an empty line, the node picker,
// pasted lines in the history, and focus that Tab leaves only on an empty line.
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

test('terminal: Tab completion, Ctrl-L, a fresh prompt, the node picker, pasted history', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPlayground(browser(), { width: 1280, height: 1000 });
  try {
    // Driven by accessible names, the contract embedders and screen readers rely on.
    const input = page.getByRole('textbox', { name: 'Terminal' });
    const output = page.getByRole('log', { name: 'Terminal output' });
    const picker = page.getByRole('combobox', { name: 'Node' });
    const completions = page.getByRole('list', { name: 'Completions' });
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    const prompt = page.locator('[data-testid="prompt"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.includes('verify: Service converged'));

    // One candidate: the word and a space; focus stays in the terminal.
    await input.fill('docker service sc');
    await input.press('Tab');
    assert.equal(await input.inputValue(), 'docker service scale ');
    assert.equal(await focused(), 'Terminal');
    // The service the page opens with, as `docker service scale` takes it: `web=`, no space.
    await input.press('w');
    await input.press('Tab');
    assert.equal(await input.inputValue(), 'docker service scale web=');
    await input.fill('docker service ps w');
    await input.press('Tab');
    assert.equal(await input.inputValue(), 'docker service ps web ');

    // Several: the first Tab extends them to what they share, the second lists them under the
    // prompt line, not in the output; typing on hides the list.
    await input.fill('docker service create --rese');
    await input.press('Tab');
    assert.equal(await input.inputValue(), 'docker service create --reserve-');
    assert.equal(await completions.count(), 0);
    await input.press('Tab');
    assert.deepEqual(await completions.getByRole('listitem').allTextContents(), ['--reserve-cpu', '--reserve-memory']);
    assert.equal(await input.inputValue(), 'docker service create --reserve-');
    assert.ok(!(await output.textContent()).includes('--reserve-cpu'), 'the candidates are not in the output');
    assert.equal(await focused(), 'Terminal');
    await input.press('m');
    await completions.waitFor({ state: 'detached' });
    // Nothing to extend: the first Tab lists.
    await input.fill('docker node ');
    await input.press('Tab');
    assert.deepEqual(await completions.getByRole('listitem').allTextContents(), ['demote', 'inspect', 'ls', 'promote', 'ps', 'rm', 'update']);

    // Enter on an empty line: the prompt goes into the output and a fresh one waits.
    await input.fill('');
    await completions.waitFor({ state: 'detached' });
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.endsWith('verify: Service converged \nmanager1:~$ \n'));

    // Ctrl-L clears the screen and keeps what is being typed; the next line shows alone.
    await input.fill('docker node ls');
    await input.press('Control+l');
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent === '');
    assert.equal(await input.inputValue(), 'docker node ls');
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]').textContent.startsWith('manager1:~$ docker node ls\nID '));

    // The picker shows the node the shell is on; picking another types `sim use`.
    assert.equal(await picker.inputValue(), 'manager1');
    assert.deepEqual(await picker.locator('option').allTextContents(), ['manager1', 'worker1', 'worker2']);
    await picker.selectOption('worker1');
    await page.waitForFunction(() => document.querySelector('[data-testid="prompt"]').textContent === 'worker1:~$ ');
    assert.ok((await output.textContent()).includes('manager1:~$ sim use worker1\n'), 'the pick is typed and echoed');
    assert.equal(await picker.inputValue(), 'worker1');
    await picker.selectOption('manager1');
    await page.waitForFunction(() => document.querySelector('[data-testid="prompt"]').textContent === 'manager1:~$ ');

    // A pasted two-line text runs, and each of its lines is in the ↑ history.
    await input.focus();
    await input.evaluate((field, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, 'docker service ls\ndocker service ps web\n');
    await page.waitForFunction(() => /web\.4\s+nginx:latest/.test(document.querySelector('[data-testid="terminal"]').textContent));
    assert.equal(await prompt.textContent(), 'manager1:~$ ');
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'docker service ps web');
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'docker service ls');

    // Keyboard users are never trapped: Tab on an empty line moves on (to the picker), and
    // Shift-Tab comes back.
    await input.fill('');
    await input.press('Tab');
    assert.equal(await focused(), 'Node');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'Terminal');
    await input.fill('docker');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'Terminal output');

    assert.deepEqual(pageErrors, [], `uncaught page errors:\n${pageErrors.join('\n')}`);
  } finally {
    await context.close();
  }
});
