import { DataList, Text } from '@mantine/core';
import type { ContactView } from '@parley/contracts';
import type { ReactNode } from 'react';
import { useUserTime } from '../identity/session';
import { durationText } from './format';
import { sentimentText } from './SentimentBadge';

type StatKey = keyof ContactView['stats'];

/** The profile statistics of PRODUCT §2, in the order agents read them; labels are part of the UI contract. */
export function ContactStats({ stats }: { stats: ContactView['stats'] }) {
  const time = useUserTime();
  const when = (value: string | null) => (value ? time.dateTime(value) : 'Never');

  const rows: Array<[StatKey, string, ReactNode]> = [
    ['messagesFromCustomer', 'Messages from customer', stats.messagesFromCustomer],
    ['templateMessages', 'Template messages', stats.templateMessages],
    ['sessionMessages', 'Session messages', stats.sessionMessages],
    ['unresolvedQueries', 'Unresolved queries', stats.unresolvedQueries],
    ['sessions', 'Sessions', stats.sessions],
    ['clicks', 'Clicks', stats.clicks],
    ['timeSpentSeconds', 'Time spent', durationText(stats.timeSpentSeconds)],
    [
      'averageSentiment',
      'Average sentiment',
      stats.averageSentiment === null ? 'No scored messages yet' : sentimentText(stats.averageSentiment),
    ],
    ['lastActiveAt', 'Last active', when(stats.lastActiveAt)],
    ['lastMessageAt', 'Last message', when(stats.lastMessageAt)],
    ['liveChatTakeover', 'Live-chat takeover', stats.liveChatTakeover ? 'Yes' : 'No'],
  ];

  return (
    <DataList size="sm" labelWidth={170} gap={6} aria-label="Statistics">
      {rows.map(([key, label, value]) => (
        <DataList.Item key={key}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Text span inherit data-testid={`stat-${key}`}>
              {value}
            </Text>
            {key === 'lastMessageAt' && stats.lastMessagePreview && (
              <Text size="xs" c="dimmed" lineClamp={2} data-testid="stat-lastMessagePreview">
                {stats.lastMessagePreview}
              </Text>
            )}
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
