import { NumberInput, SimpleGrid, TagsInput, Textarea } from '@mantine/core';
import { Section } from './FormBits';
import type { BotForm } from './form';

/** Goals the FAQ and questions can mark as reached (counted per session and contact). */
export function GoalsSection({ form }: { form: BotForm }) {
  return (
    <Section
      id="bot-goals"
      title="Goals"
      description="Named outcomes, such as “Quote requested”. An FAQ answer or a question’s valid answer can reach one."
    >
      <TagsInput label="Goals" placeholder="Type a goal and press Enter" maxTags={100} clearable {...form.getInputProps('goals')} />
    </Section>
  );
}

/** When the bot passes the customer to a person. */
export function HandoffSection({ form }: { form: BotForm }) {
  return (
    <Section
      id="bot-handoff"
      title="Asking for a person"
      description="A customer who asks for a person (close matches count), or whom the bot does not understand several times in a row, goes to the queue of the skillset picked from the menu, or the general queue when none was picked. Each handoff counts one unresolved query on the contact."
    >
      <TagsInput
        label="Handoff phrases"
        description="Press Enter after each phrase."
        maxTags={100}
        clearable
        {...form.getInputProps('handoffPhrases')}
      />
      <NumberInput
        label="Hand over after this many misunderstood messages in a row"
        description="The counter starts again after any message the bot understands."
        min={1}
        max={10}
        allowDecimal={false}
        allowNegative={false}
        w={420}
        {...form.getInputProps('maxMisunderstood')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Textarea
          label="Reply when not understood"
          description="Followed by the menu, if there is one."
          autosize
          minRows={2}
          maxLength={2048}
          {...form.getInputProps('misunderstoodReply')}
        />
        <Textarea
          label="Handoff reply"
          description="Sent when the conversation goes to a person (an option that hands over at once too)."
          autosize
          minRows={2}
          maxLength={2048}
          {...form.getInputProps('handoffReply')}
        />
      </SimpleGrid>
    </Section>
  );
}

/** STOP-style keywords: the whole message opts the contact out of marketing. */
export function StopSection({ form }: { form: BotForm }) {
  return (
    <Section
      id="bot-stop"
      title="Opting out"
      description="A message that is only one of these words opts the contact out of marketing (campaigns skip them)."
    >
      <TagsInput
        label="STOP keywords"
        description="Press Enter after each word."
        maxTags={50}
        clearable
        {...form.getInputProps('stopKeywords')}
      />
      <Textarea label="Opt-out reply" autosize minRows={1} maxLength={2048} {...form.getInputProps('stopReply')} />
    </Section>
  );
}
