/** The id of a delivery loaded from the CLI: the same files (names and bytes) always give the same id. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function deliveryIdOf(utility: string, files: readonly { path: string; name: string }[]): Promise<string> {
  const parts: string[] = [];
  for (const f of files) {
    const h = createHash('sha256');
    for await (const chunk of createReadStream(f.path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
    parts.push(`${f.name}\0${h.digest('hex')}`);
  }
  const id = createHash('sha256').update(`${utility}\n${parts.sort().join('\n')}`).digest('hex').slice(0, 16);
  return `${utility}-${id}`;
}
