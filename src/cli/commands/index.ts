/** Every CLI command, one line each. */
import type { Command } from '../command.js';

export const COMMANDS: readonly Command[] = [];
