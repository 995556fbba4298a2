import { describe, expect, test } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../helpers/cli.js';

describe('the command list', () => {
  test('every entry loads the command of its name, with a help text', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.help.length).toBeGreaterThan(20);
    }
  });

  test('`intake` alone lists every command and exits 2; an unknown command exits 2', async () => {
    const res = await runCli([]);
    expect(res.code).toBe(2);
    for (const entry of COMMANDS) expect(res.stdout).toContain(entry.name);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });
});
