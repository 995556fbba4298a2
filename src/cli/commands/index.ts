/** Every CLI command, one line each. */
import type { Command } from '../command.js';
import { explainCommand } from './explain.js';
import { generateCommand } from './generate.js';
import { serveCommand } from './serve.js';
import { specCommand } from './spec.js';
import { startCommand } from './start.js';
import { tokenCommand } from './token.js';
import { utilityCommand } from './utility.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly Command[] = [validateCommand, generateCommand, specCommand, explainCommand, serveCommand, startCommand, utilityCommand, tokenCommand];
