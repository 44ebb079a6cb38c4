import { ActionIcon, Button, Group, Stack, Switch, Table, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { botWeekdays, type BotWeekday } from '@parley/contracts';
import { IconPlus, IconX } from '@tabler/icons-react';
import { TimezoneSelect } from '../identity/fields';
import { newTimeRange } from './draft';
import { Section, SlotError } from './FormBits';
import type { BotForm } from './form';

const dayNames: Record<BotWeekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export function BusinessHoursSection({ form }: { form: BotForm }) {
  const { hasHours, businessHours } = form.values;
  const copyMonday = () => {
    for (const day of ['tue', 'wed', 'thu', 'fri'] as const) {
      form.setFieldValue(
        `businessHours.weekly.${day}`,
        businessHours.weekly.mon.map((r) => ({ ...r })),
      );
    }
  };

  return (
    <Section
      id="bot-hours"
      title="Business hours"
      description="Outside these hours, the first message of a conversation gets the out-of-hours reply (once); the FAQ still answers, and a handoff waits in the queue until you open."
      aside={
        <Switch label="Use business hours" checked={hasHours} onChange={(e) => form.setFieldValue('hasHours', e.currentTarget.checked)} />
      }
    >
      <SlotError form={form} path="businessHours" />
      {hasHours && (
        <Stack gap="sm">
          <TimezoneSelect required w={320} {...form.getInputProps('businessHours.timezone')} />
          <Table verticalSpacing={6} aria-label="Opening hours" withRowBorders={false}>
            <Table.Tbody>
              {botWeekdays.map((day) => {
                const ranges = businessHours.weekly[day];
                return (
                  <Table.Tr key={day} data-testid={`hours-${day}`}>
                    <Table.Td w={110} style={{ verticalAlign: 'top', paddingTop: 12 }}>
                      <Text size="sm" fw={500}>
                        {dayNames[day]}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={6}>
                        {ranges.length === 0 && (
                          <Text size="sm" c="dimmed" pt={6}>
                            Closed
                          </Text>
                        )}
                        {ranges.map((_, i) => (
                          <Stack key={i} gap={2}>
                            <Group gap="xs" wrap="nowrap" align="flex-start">
                              <TextInput
                                aria-label={`${dayNames[day]} from`}
                                placeholder="09:00"
                                w={90}
                                maxLength={5}
                                {...form.getInputProps(`businessHours.weekly.${day}.${i}.from`)}
                              />
                              <Text size="sm" pt={6}>
                                to
                              </Text>
                              <TextInput
                                aria-label={`${dayNames[day]} to`}
                                placeholder="18:00"
                                w={90}
                                maxLength={5}
                                {...form.getInputProps(`businessHours.weekly.${day}.${i}.to`)}
                              />
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                mt={4}
                                onClick={() => form.removeListItem(`businessHours.weekly.${day}`, i)}
                                aria-label={`Remove ${dayNames[day]} hours ${i + 1}`}
                              >
                                <IconX size={16} aria-hidden />
                              </ActionIcon>
                            </Group>
                            <SlotError form={form} path={`businessHours.weekly.${day}.${i}`} />
                          </Stack>
                        ))}
                        <SlotError form={form} path={`businessHours.weekly.${day}`} />
                      </Stack>
                    </Table.Td>
                    <Table.Td w={140} style={{ verticalAlign: 'top' }}>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        leftSection={<IconPlus size={14} aria-hidden />}
                        onClick={() => form.insertListItem(`businessHours.weekly.${day}`, newTimeRange(ranges.at(-1)))}
                        aria-label={`Add hours on ${dayNames[day]}`}
                      >
                        Add hours
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group>
            <Button size="compact-sm" variant="default" onClick={copyMonday}>
              Copy Monday to Tuesday–Friday
            </Button>
            <Text size="xs" c="dimmed">
              Times are HH:MM, 24-hour; “24:00” ends a day. Split a range past midnight over two days.
            </Text>
          </Group>
          <SlotError form={form} path="businessHours.weekly" />
          <TagsInput
            label="Closed dates"
            description="Holidays, as YYYY-MM-DD (in the time zone above). Press Enter after each."
            placeholder="2026-12-25"
            maxTags={366}
            clearable
            {...form.getInputProps('businessHours.closedDates')}
          />
          <Textarea
            label="Out-of-hours reply"
            autosize
            minRows={2}
            maxLength={2048}
            {...form.getInputProps('businessHours.outOfHoursReply')}
          />
        </Stack>
      )}
    </Section>
  );
}
