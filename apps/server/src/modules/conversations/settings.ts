import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { conversationSettings, type ConversationSettings } from './tables';

export const conversationSettingsSchema = z
  .object({
    sessionMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    pauseMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    idleCloseMinutes: z
      .number()
      .int()
      .min(5)
      .max(30 * 24 * 60),
    closeReasons: z.array(z.string().trim().min(1).max(80)).min(1).max(50),
  })
  .strict();

export const defaultConversationSettings: ConversationSettings = {
  sessionMinutes: 30,
  pauseMinutes: 10,
  idleCloseMinutes: 24 * 60,
  closeReasons: ['Resolved', 'No answer from customer', 'Spam', 'Duplicate'],
};

export async function getConversationSettings(db: Db, workspaceId: string): Promise<ConversationSettings> {
  const [row] = await db.select().from(conversationSettings).where(eq(conversationSettings.workspaceId, workspaceId));
  // Keys no longer in the settings (the greeting moved to the bot) are left behind in the stored JSON.
  const { sessionMinutes, pauseMinutes, idleCloseMinutes, closeReasons } = { ...defaultConversationSettings, ...row?.settings };
  return { sessionMinutes, pauseMinutes, idleCloseMinutes, closeReasons };
}

export async function saveConversationSettings(db: Db, workspaceId: string, settings: ConversationSettings, at: Date) {
  await db
    .insert(conversationSettings)
    .values({ workspaceId, settings, updatedAt: at })
    .onConflictDoUpdate({ target: conversationSettings.workspaceId, set: { settings, updatedAt: at } });
}
