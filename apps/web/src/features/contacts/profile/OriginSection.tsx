import { Anchor, Badge, DataList, Stack, Text } from '@mantine/core';
import type { ContactProfile, ContactView } from '@parley/contracts';
import { useUserTime } from '../../identity/session';
import { adHeadline, adSourceUrl, sourceLabel } from '../format';
import { ProfileSection } from './ProfileSection';

const KIND_LABEL: Record<string, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', webchat: 'Website chat' };

/** Where they came from: every channel they wrote on, the source, the first-message tag and the ad (referral). */
export function OriginSection({ contact, profile }: { contact: ContactView; profile: ContactProfile }) {
  const time = useUserTime();
  const referral = contact.referral;
  const adId = typeof referral?.sourceId === 'string' ? referral.sourceId : null;
  return (
    <ProfileSection title="Where they came from" testId="profile-origin">
      <Stack gap="sm">
        <DataList size="sm" labelWidth={110} gap={4} aria-label="Origin">
          <DataList.Item>
            <DataList.ItemLabel>Source</DataList.ItemLabel>
            <DataList.ItemValue>
              <Text span inherit data-testid="profile-source" data-source={contact.source}>
                {sourceLabel(contact)}
              </Text>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>First message</DataList.ItemLabel>
            <DataList.ItemValue>
              {profile.firstMessageTag ? (
                <Badge variant="light" tt="none" data-testid="profile-first-message-tag">
                  {profile.firstMessageTag}
                </Badge>
              ) : (
                <Text span inherit c="dimmed">
                  No rule matched
                </Text>
              )}
            </DataList.ItemValue>
          </DataList.Item>
          {contact.source === 'ad' && (
            <DataList.Item>
              <DataList.ItemLabel>Ad</DataList.ItemLabel>
              <DataList.ItemValue>
                <Stack gap={0}>
                  {adHeadline(contact) && (
                    <Text span inherit>
                      {adHeadline(contact)}
                    </Text>
                  )}
                  {adId && (
                    <Text span size="xs" c="dimmed">
                      Ad id {adId}
                    </Text>
                  )}
                  {adSourceUrl(contact) && (
                    <Anchor href={adSourceUrl(contact) ?? undefined} target="_blank" rel="noreferrer" size="xs">
                      Open the ad
                    </Anchor>
                  )}
                </Stack>
              </DataList.ItemValue>
            </DataList.Item>
          )}
        </DataList>
        <Text size="sm" fw={500}>
          Channels
        </Text>
        {profile.channels.length === 0 && (
          <Text size="sm" c="dimmed">
            Not reached on any channel yet.
          </Text>
        )}
        {profile.channels.map((ch) => (
          <div key={ch.channelId} data-testid="profile-channel">
            <Text size="sm">
              {ch.name}{' '}
              <Text span size="xs" c="dimmed">
                {ch.kind ? KIND_LABEL[ch.kind] : 'removed'}
              </Text>
            </Text>
            <Text size="xs" c="dimmed">
              Since {time.dateTime(ch.firstSeenAt)}
              {ch.lastInboundAt ? ` · last wrote ${time.dateTime(ch.lastInboundAt)}` : ''}
            </Text>
          </div>
        ))}
      </Stack>
    </ProfileSection>
  );
}
