/** Starts the SFTP server for `intake serve`: settings from the environment, one line about it on the log. */
import type { AuditSink, SftpIntake, UtilityDirectory } from './ports.js';
import { startSftpServer, type RunningSftpServer } from './server.js';

export const DEFAULT_SFTP_PORT = 2222;

export interface SftpServeDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly directory: UtilityDirectory;
  readonly intake: SftpIntake;
  readonly audit: AuditSink;
  /** Where the start-up line goes (the fingerprint utilities put in known_hosts). */
  readonly log: (line: string) => void;
}

/**
 * Reads SFTP_PORT (default 2222), SFTP_HOST (default 0.0.0.0: utilities connect from outside), DATA_DIR
 * (default ./data) and SFTP_SETTLE_MS (default 2000), starts the server and prints its host key fingerprint.
 */
export async function startSftpService(deps: SftpServeDeps): Promise<RunningSftpServer> {
  const port = Number(deps.env.SFTP_PORT ?? DEFAULT_SFTP_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw Object.assign(new Error(`SFTP_PORT must be a port number, not ${JSON.stringify(deps.env.SFTP_PORT)}`), { code: 'SFTP_BAD_PORT' });
  }
  const settle = deps.env.SFTP_SETTLE_MS === undefined ? undefined : Number(deps.env.SFTP_SETTLE_MS);
  const server = await startSftpServer({
    host: deps.env.SFTP_HOST ?? '0.0.0.0',
    port,
    dataDir: deps.env.DATA_DIR ?? './data',
    directory: deps.directory,
    intake: deps.intake,
    audit: deps.audit,
    ...(settle !== undefined && Number.isFinite(settle) ? { settleMs: settle } : {}),
  });
  deps.log(`SFTP listening on port ${server.port}; host key ${server.fingerprint}`);
  return server;
}
