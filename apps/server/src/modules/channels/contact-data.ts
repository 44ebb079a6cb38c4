// What this module keeps about a contact: raw provider events (their payloads carry the phone and profile name),
// the widget's mailbox, media files, and raw webhook bodies kept for inspection. For the contacts module's GDPR
// export and erasure and message retention; handed to it at the composition root.
import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { addAll, containsAny, inTexts, rawNeedles, type ContactDataHolder, type ErasureScope } from '../contacts';
import { inboundEvents, mediaFiles, webchatMessages, webhookRejects } from './tables';
import { rowsOf } from '../../platform/db';

export const channelsContactData: ContactDataHolder = {
  name: 'channels',

  async collect(tx, scope) {
    // Their ids go to the job scrub: each event was queued as a `channels.inbound` job.
    const events = await tx.select({ id: inboundEvents.id }).from(inboundEvents).where(eventsAbout(scope));
    addAll(
      scope.jobRefs,
      events.map((e) => e.id),
    );
  },

  async erase(tx, scope) {
    const ws = scope.workspaceId;
    const events = await tx.delete(inboundEvents).where(eventsAbout(scope)).returning({ id: inboundEvents.id });
    const visitors = scope.identities.filter((i) => i.key.startsWith('web:'));
    const mailbox = visitors.length
      ? await tx
          .delete(webchatMessages)
          .where(
            and(
              eq(webchatMessages.workspaceId, ws),
              inTexts(
                sql`${webchatMessages.channelId}::text || ':' || ${webchatMessages.visitorId}`,
                visitors.map((v) => `${v.channelId}:${v.key.slice('web:'.length)}`),
              ),
            ),
          )
          .returning({ k: webchatMessages.key })
      : [];
    const media = scope.media.length
      ? await tx
          .delete(mediaFiles)
          .where(
            and(
              eq(mediaFiles.workspaceId, ws),
              inTexts(
                sql`${mediaFiles.channelId}::text || ':' || ${mediaFiles.providerMediaId}`,
                scope.media.map((m) => `${m.channelId}:${m.mediaId}`),
              ),
            ),
          )
          .returning({ k: mediaFiles.providerMediaId })
      : [];
    // Raw bodies of refused webhooks have no workspace: found by the phone digits and emails they contain.
    const rejects = await tx
      .delete(webhookRejects)
      .where(containsAny(sql`${webhookRejects.rawBody}`, rawNeedles(scope)))
      .returning({ id: webhookRejects.id });
    return { inboundEvents: events.length, widgetMessages: mailbox.length, mediaFiles: media.length, webhookRejects: rejects.length };
  },

  async pruneMessages(tx, { workspaceId, cutoff, limit }) {
    const before = cutoff.toISOString();
    // Unprocessed events are work still to do (or a poison message to look at), never pruned.
    const events = await tx.execute(sql`
      delete from ${inboundEvents} where workspace_id = ${workspaceId} and id in (
        select id from ${inboundEvents} where workspace_id = ${workspaceId} and processed_at is not null
          and received_at < ${before}::timestamptz limit ${limit})
      returning id`);
    const mailbox = await tx.execute(sql`
      delete from ${webchatMessages} where workspace_id = ${workspaceId} and seq in (
        select seq from ${webchatMessages} where workspace_id = ${workspaceId} and created_at < ${before}::timestamptz limit ${limit})
      returning seq`);
    const media = await tx.execute(sql`
      delete from ${mediaFiles} where workspace_id = ${workspaceId} and (channel_id, provider_media_id) in (
        select channel_id, provider_media_id from ${mediaFiles} where workspace_id = ${workspaceId}
          and downloaded_at < ${before}::timestamptz limit ${limit})
      returning provider_media_id`);
    return { inboundEvents: rowsOf(events).length, widgetMessages: rowsOf(mailbox).length, mediaFiles: rowsOf(media).length };
  },

  async exportSections(db, x) {
    return [
      {
        kind: 'files',
        folder: 'media',
        files: async function* () {
          for (const m of x.media) {
            const [file] = await db
              .select({ mimeType: mediaFiles.mimeType, bytes: mediaFiles.bytes, filename: mediaFiles.filename })
              .from(mediaFiles)
              .where(
                and(
                  eq(mediaFiles.workspaceId, x.workspaceId),
                  eq(mediaFiles.channelId, m.channelId),
                  eq(mediaFiles.providerMediaId, m.mediaId),
                ),
              );
            // Not downloaded (yet, or refused): the message row in messages.json still says what it was.
            if (file) yield { name: `${m.messageId}${extensionOf(file.mimeType, file.filename)}`, bytes: file.bytes };
          }
        },
      },
    ];
  },
};

/** The workspace's events about the contacts: their messages (by sender), statuses of their messages, and raw matches. */
function eventsAbout(scope: ErasureScope): SQL {
  const orderKeys = scope.identities.map((i) => `${i.channelId}:${i.key}`);
  return and(
    eq(inboundEvents.workspaceId, scope.workspaceId),
    sql`(${inTexts(inboundEvents.orderKey, orderKeys)}
      or ${inTexts(sql`${inboundEvents.payload}->>'providerMessageId'`, scope.providerMessageIds)}
      or ${inTexts(sql`${inboundEvents.payload}->>'correlationId'`, scope.messageIds)}
      or (${isNotNull(inboundEvents.payload)} and ${containsAny(sql`${inboundEvents.payload}::text`, rawNeedles(scope))}))`,
  )!;
}

/** A safe file extension: from the original name when it has a plain one, else from the MIME type. */
function extensionOf(mimeType: string, filename: string | null): string {
  const fromName = filename ? /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1] : undefined;
  const fromMime = /^[a-z]+\/([a-z0-9.+-]{1,20})/.exec(mimeType.toLowerCase())?.[1]?.replace(/^x-/, '').split('+')[0];
  const ext = fromName ?? (fromMime === 'jpeg' ? 'jpg' : fromMime);
  return ext ? `.${ext.toLowerCase()}` : '';
}
