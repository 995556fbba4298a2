/** Every CLI command, one line each. */
import type { Command } from '../command.js';
import { serveCommand } from './serve.js';
import { startCommand } from './start.js';
import { tokenCommand } from './token.js';
import { utilityCommand } from './utility.js';

export const COMMANDS: readonly Command[] = [serveCommand, startCommand, utilityCommand, tokenCommand];
