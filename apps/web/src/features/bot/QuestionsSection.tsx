import { Anchor, Button, Fieldset, Group, Select, SimpleGrid, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { botQuestionTypes, type AttributeDefinition, type AttributeType, type BotQuestionType } from '@parley/contracts';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { newQuestion } from './draft';
import { ItemControls, Section, SlotError } from './FormBits';
import { withCurrent } from './form';
import type { BotForm, Choice } from './form';

const MAX_QUESTIONS = 100;

const typeLabels: Record<BotQuestionType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
  list: 'One of some options',
  url: 'Link (URL)',
  email: 'Email address',
  phone: 'Phone number',
};
const typeOptions = botQuestionTypes.map((t) => ({ value: t, label: typeLabels[t] }));

/** The question type that suits an attribute of this type (what the engine accepts first for it). */
const typeFor: Record<AttributeType, BotQuestionType> = {
  text: 'text',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
  list: 'list',
  url: 'url',
};

interface QuestionsSectionProps {
  form: BotForm;
  attributes: AttributeDefinition[];
  goals: Choice[];
  /** Every question as a choice (for "then ask"). */
  questions: Choice[];
}

export function QuestionsSection({ form, attributes, goals, questions }: QuestionsSectionProps) {
  const items = form.values.questions;
  const attributeData = (current: string | null): Choice[] => {
    const known = attributes.map((a) => ({ value: a.key, label: `${a.label} (${a.key})` }));
    return current && !attributes.some((a) => a.key === current) ? [{ value: current, label: `${current} (deleted)` }, ...known] : known;
  };

  const pickAttribute = (i: number, key: string | null) => {
    form.setFieldValue(`questions.${i}.attributeKey`, key);
    const attribute = attributes.find((a) => a.key === key);
    if (!attribute) return;
    // The attribute decides what answers it can hold: suggest the matching type, and a list's options.
    form.setFieldValue(`questions.${i}.type`, typeFor[attribute.type]);
    if (attribute.type === 'list' && items[i]?.options.length === 0) {
      form.setFieldValue(`questions.${i}.options`, (attribute.options ?? []).filter((o) => [...o].length <= 20).slice(0, 10));
    }
  };

  return (
    <Section
      id="bot-questions"
      title="Questions"
      description="Questions that capture a contact attribute, with validation: a wrong answer gets the retry prompt. An FAQ entry asks one after its answer; a question can lead to the next, like a form."
    >
      {attributes.length === 0 && (
        <Text size="sm" c="dimmed">
          Questions store answers in{' '}
          <Anchor component={Link} to="/settings/attributes" inherit>
            contact attributes
          </Anchor>
          : add one first.
        </Text>
      )}
      {items.map((q, i) => (
        <Fieldset key={q.id} legend={`Question ${i + 1}`} aria-label={`Question ${i + 1}`} data-testid="bot-question">
          <Group align="flex-start" wrap="nowrap" gap="sm">
            <Stack gap="xs" style={{ flex: 1 }}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Select
                  label="Attribute"
                  required
                  placeholder="Choose an attribute"
                  data={attributeData(q.attributeKey)}
                  searchable
                  allowDeselect={false}
                  nothingFoundMessage="No attribute matches"
                  {...form.getInputProps(`questions.${i}.attributeKey`)}
                  onChange={(value) => pickAttribute(i, value)}
                />
                <Select
                  label="Answer type"
                  required
                  data={typeOptions}
                  allowDeselect={false}
                  {...form.getInputProps(`questions.${i}.type`)}
                  onChange={(value) => value && form.setFieldValue(`questions.${i}.type`, value as BotQuestionType)}
                />
              </SimpleGrid>
              <Textarea
                label="Prompt"
                required
                autosize
                minRows={1}
                maxLength={2048}
                placeholder="What is your email?"
                {...form.getInputProps(`questions.${i}.prompt`)}
              />
              {q.type === 'list' && (
                <TagsInput
                  label="Options"
                  required
                  description="Sent as buttons or list rows: at most 10, each at most 20 characters. Press Enter after each."
                  maxTags={10}
                  clearable
                  {...form.getInputProps(`questions.${i}.options`)}
                />
              )}
              <Textarea
                label="Retry prompt"
                description="Sent when the answer is not valid."
                autosize
                minRows={1}
                maxLength={2048}
                {...form.getInputProps(`questions.${i}.retryPrompt`)}
              />
              <Textarea
                label="Reply to a valid answer"
                description="Optional: “Thanks, we’ll email you”."
                autosize
                minRows={1}
                maxLength={2048}
                {...form.getInputProps(`questions.${i}.reply`)}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Select
                  label="Goal reached"
                  placeholder="None"
                  data={withCurrent(goals, q.goal, 'undeclared')}
                  clearable
                  {...form.getInputProps(`questions.${i}.goal`)}
                />
                <Select
                  label="Then ask"
                  placeholder="Nothing"
                  data={questions.filter((c) => c.value !== q.id)}
                  clearable
                  {...form.getInputProps(`questions.${i}.nextQuestionId`)}
                />
              </SimpleGrid>
              <SlotError form={form} path={`questions.${i}`} />
            </Stack>
            <ItemControls
              name={`question ${i + 1}`}
              index={i}
              count={items.length}
              onMove={(from, to) => form.reorderListItem('questions', { from, to })}
              onRemove={() => removeQuestion(form, i)}
            />
          </Group>
        </Fieldset>
      ))}
      <SlotError form={form} path="questions" />
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          disabled={items.length >= MAX_QUESTIONS}
          onClick={() => form.insertListItem('questions', newQuestion())}
        >
          Add question
        </Button>
      </Group>
    </Section>
  );
}

/** Removing a question also clears the "then ask" links to it, which would otherwise point nowhere. */
function removeQuestion(form: BotForm, index: number) {
  const id = form.values.questions[index]?.id;
  form.removeListItem('questions', index);
  form.values.faq.forEach((e, i) => {
    if (e.askQuestionId === id) form.setFieldValue(`faq.${i}.askQuestionId`, null);
  });
  form.values.questions.forEach((q, i) => {
    if (i !== index && q.nextQuestionId === id) {
      // Indices after the removed one shift down by one.
      const at = i > index ? i - 1 : i;
      form.setFieldValue(`questions.${at}.nextQuestionId`, null);
    }
  });
}
