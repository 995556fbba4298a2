/** Every CLI command, one line each. */
import type { Command } from '../command.js';
import { explainCommand } from './explain.js';
import { exportCommand } from './export.js';
import { generateCommand } from './generate.js';
import { loadCommand } from './load.js';
import { serveCommand } from './serve.js';
import { specCommand } from './spec.js';
import { startCommand } from './start.js';
import { tokenCommand } from './token.js';
import { unloadCommand } from './unload.js';
import { utilityCommand } from './utility.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly Command[] = [
  validateCommand, generateCommand, loadCommand, unloadCommand, exportCommand, specCommand, explainCommand,
  serveCommand, startCommand, utilityCommand, tokenCommand,
];
