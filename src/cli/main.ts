/** `intake`: dispatches to one command; every error becomes a message and an exit status, never a stack trace. */
import { COMMANDS } from './commands/index.js';
import { UsageError, type CliIo } from './command.js';

const VERSION = '0.1.0';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `intake ${VERSION}: validate, review and load utility data deliveries (Opower data transfer standards)`,
    '',
    'Usage: intake <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `intake <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`intake: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  await entry.prepare?.(rest);
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`intake ${name}: ${err.message}\nRun \`intake ${name} --help\` for usage.\n`);
      return 2;
    }
    const code = (err as { code?: unknown }).code;
    io.stderr.write(`intake ${name}: ${err instanceof Error ? err.message : String(err)}${typeof code === 'string' ? ` [${code}]` : ''}\n`);
    if (io.env.INTAKE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 2;
  }
}

export { VERSION };
