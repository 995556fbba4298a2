/** Every CLI command, one line each. */
import type { Command } from '../command.js';
import { explainCommand } from './explain.js';
import { generateCommand } from './generate.js';
import { specCommand } from './spec.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly Command[] = [validateCommand, generateCommand, specCommand, explainCommand];
