/**
 * Every CLI command, one line each. A command's module is imported only when it runs: the server's modules
 * (HTTP, SFTP, PGP, the store) cost about 30 MB that `intake validate` on a laptop should not carry.
 */
import type { Command } from '../command.js';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
  /** Work that may start before the command's modules load (and overlap their loading), given its arguments. */
  prepare?(args: readonly string[]): Promise<void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', summary: 'check a delivery against its standard and report what is wrong, where and how to fix it', load: async () => (await import('./validate.js')).validateCommand,
    // The reader thread's start overlaps the loading of the validator (validate/reader-client.ts).
    prepare: async (args) => {
      if (!args.includes('--help') && !args.includes('-h')) (await import('../../validate/reader-client.js')).prestartReader(args.filter((a) => !a.startsWith('-')));
    } },
  { name: 'generate', summary: 'write a realistic synthetic delivery (with injected defects and a manifest)', load: async () => (await import('./generate.js')).generateCommand },
  { name: 'load', summary: 'validate a delivery and load it into the store when it has no errors', load: async () => (await import('./load.js')).loadCommand },
  { name: 'unload', summary: 'undo the load of a delivery', load: async () => (await import('./unload.js')).unloadCommand },
  { name: 'export', summary: "write a utility's loaded data back out as standard files", load: async () => (await import('./export.js')).exportCommand },
  { name: 'spec', summary: 'list the standards, print one, or write its mapping template', load: async () => (await import('./spec.js')).specCommand },
  { name: 'explain', summary: 'explain a diagnostic code (or list them all with --list)', load: async () => (await import('./explain.js')).explainCommand },
  { name: 'serve', summary: 'run the HTTP API and web UI, the SFTP server and the worker', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'start', summary: 'run the platform with a demo utility (what `npm start` does)', load: async () => (await import('./start.js')).startCommand },
  { name: 'utility', summary: "register a utility (SFTP key, profile) or list them", load: async () => (await import('./utility.js')).utilityCommand },
  { name: 'token', summary: "create an API token (operator, or a utility's)", load: async () => (await import('./token.js')).tokenCommand },
];
