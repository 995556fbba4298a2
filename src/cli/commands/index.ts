/** Every CLI command, one line each. */
import type { Command } from '../command.js';
import { generateCommand } from './generate.js';

export const COMMANDS: readonly Command[] = [
  generateCommand,
];
