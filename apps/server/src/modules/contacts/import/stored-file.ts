// The uploaded file kept in PostgreSQL until its import ends: written in 1 MB pieces, read back as a stream one piece
// at a time (openSpreadsheet copies it to a temporary file before parsing, so nothing holds the whole file).
import { and, asc, eq, gt } from 'drizzle-orm';
import { Readable } from 'node:stream';
import type { Db } from '../../../platform/db';
import { FILE_CHUNK_BYTES } from './limits';
import { contactImportChunks } from './tables';

export async function storeFile(tx: Db, workspaceId: string, importId: string, file: Buffer): Promise<void> {
  for (let seq = 0; seq * FILE_CHUNK_BYTES < file.length; seq++) {
    const bytes = file.subarray(seq * FILE_CHUNK_BYTES, (seq + 1) * FILE_CHUNK_BYTES);
    await tx.insert(contactImportChunks).values({ workspaceId, importId, seq, bytes });
  }
}

/** The stored file as a stream; empty when it was deleted (the import ended or was abandoned). */
export function readFile(db: Db, workspaceId: string, importId: string): Readable {
  async function* pieces() {
    let after = -1;
    for (;;) {
      const [piece] = await db
        .select({ seq: contactImportChunks.seq, bytes: contactImportChunks.bytes })
        .from(contactImportChunks)
        .where(
          and(
            eq(contactImportChunks.workspaceId, workspaceId),
            eq(contactImportChunks.importId, importId),
            gt(contactImportChunks.seq, after),
          ),
        )
        .orderBy(asc(contactImportChunks.seq))
        .limit(1);
      if (!piece) return;
      after = piece.seq;
      yield piece.bytes;
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}

export async function deleteFile(tx: Db, workspaceId: string, importId: string): Promise<void> {
  await tx
    .delete(contactImportChunks)
    .where(and(eq(contactImportChunks.workspaceId, workspaceId), eq(contactImportChunks.importId, importId)));
}
