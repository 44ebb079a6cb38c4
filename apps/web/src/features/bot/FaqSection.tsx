import { Button, Fieldset, Group, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { newFaqEntry } from './draft';
import { ItemControls, Section, SlotError } from './FormBits';
import { withCurrent } from './form';
import type { BotForm, Choice } from './form';

const MAX_ENTRIES = 500;

export function FaqSection({ form, goals, questions }: { form: BotForm; goals: Choice[]; questions: Choice[] }) {
  const entries = form.values.faq;
  return (
    <Section
      id="bot-faq"
      title="FAQ"
      description="Answers the bot gives by itself. A message matches an entry by one of its keywords, or by being close to one of its phrases (typos and word order forgiven)."
    >
      {entries.length === 0 && (
        <Text size="sm" c="dimmed">
          No entries yet.
        </Text>
      )}
      {entries.map((entry, i) => (
        <Fieldset key={entry.id} legend={`FAQ entry ${i + 1}`} aria-label={`FAQ entry ${i + 1}`} data-testid="faq-entry">
          <Group align="flex-start" wrap="nowrap" gap="sm">
            <Stack gap="xs" style={{ flex: 1 }}>
              <TextInput
                label="Question"
                required
                description="For you: what this entry answers."
                maxLength={400}
                placeholder="Do you deliver?"
                {...form.getInputProps(`faq.${i}.question`)}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TagsInput
                  label="Keywords"
                  description="Any of these words in a message answers it. Press Enter after each."
                  maxTags={50}
                  clearable
                  {...form.getInputProps(`faq.${i}.keywords`)}
                />
                <TagsInput
                  label="Phrases"
                  description="Ways customers ask it; close matches count."
                  maxTags={50}
                  clearable
                  {...form.getInputProps(`faq.${i}.phrases`)}
                />
              </SimpleGrid>
              <Textarea label="Answer" required autosize minRows={2} maxLength={2048} {...form.getInputProps(`faq.${i}.answer`)} />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Select
                  label="Goal reached"
                  description={goals.length === 0 ? 'Declare goals below to pick one.' : 'Counted when this answer is given.'}
                  placeholder="None"
                  data={withCurrent(goals, entry.goal, 'undeclared')}
                  clearable
                  {...form.getInputProps(`faq.${i}.goal`)}
                />
                <Select
                  label="Then ask"
                  description="A question asked right after the answer."
                  placeholder="Nothing"
                  data={questions}
                  clearable
                  {...form.getInputProps(`faq.${i}.askQuestionId`)}
                />
              </SimpleGrid>
              <SlotError form={form} path={`faq.${i}`} />
            </Stack>
            <ItemControls
              name={`FAQ entry ${i + 1}`}
              index={i}
              count={entries.length}
              onMove={(from, to) => form.reorderListItem('faq', { from, to })}
              onRemove={() => form.removeListItem('faq', i)}
            />
          </Group>
        </Fieldset>
      ))}
      <SlotError form={form} path="faq" />
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          disabled={entries.length >= MAX_ENTRIES}
          onClick={() => form.insertListItem('faq', newFaqEntry())}
        >
          Add FAQ entry
        </Button>
      </Group>
    </Section>
  );
}
