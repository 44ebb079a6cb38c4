import type { Db } from '../../../platform/db';
import type { ChannelInfo, ProfileSources } from './sources';

export interface ChannelLabel {
  name: string;
  kind: ChannelInfo['kind'] | null;
}

/** The workspace's channels by id; a removed channel (its history stays) reads as "Removed channel". */
export async function channelLabels(sources: ProfileSources, db: Db, workspaceId: string): Promise<(id: string) => ChannelLabel> {
  const channels = await sources.channels(db, workspaceId);
  const byId = new Map(channels.map((c) => [c.id, { name: c.name, kind: c.kind }]));
  return (id) => byId.get(id) ?? { name: 'Removed channel', kind: null };
}

/** Ids of the channels whose name contains `text` (case-insensitive): "search by bot". */
export async function channelsNamed(sources: ProfileSources, db: Db, workspaceId: string, text: string): Promise<string[]> {
  const needle = text.toLocaleLowerCase();
  return (await sources.channels(db, workspaceId)).filter((c) => c.name.toLocaleLowerCase().includes(needle)).map((c) => c.id);
}
