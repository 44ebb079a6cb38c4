import {
  Anchor,
  Badge,
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { newMenuOption } from './draft';
import { charCount, ItemControls, Section, SlotError } from './FormBits';
import type { BotForm, Choice } from './form';

const MAX_OPTIONS = 10;

/** How WhatsApp and the other channels will show a menu of this many options (the engine's render rules). */
export function menuRendering(count: number, firstLabel = ''): string {
  if (count === 0) return 'Add at least one option.';
  const whatsapp = count <= 3 ? 'as reply buttons (3 or fewer options)' : 'as a list (more than 3 options)';
  const example = `“1. ${firstLabel.trim() || '…'}”`;
  return `On WhatsApp it is sent ${whatsapp}; on Telegram as buttons; on the website widget as numbered text (${example}), answered by typing the number.`;
}

/** What a pick does with these options (the engine's rule 4): choose the team and carry on, or hand over at once. */
export function menuBehaviour(options: readonly { handoff: boolean }[]): string {
  const atOnce = options.filter((o) => o.handoff).length;
  const carriesOn =
    'the bot sends the reply after a pick and carries on (FAQ, questions); when the customer asks for a person, or the bot ' +
    'cannot help, the conversation waits in that skillset’s queue';
  if (atOnce === 0) {
    return `Picking an option chooses its skillset: ${carriesOn}. Turn on “Hand over at once” for an option that should pass the conversation to its skillset as soon as it is picked.`;
  }
  if (atOnce === options.length) {
    return 'Every option hands over at once: picking one passes the conversation to its skillset’s queue straight away, with the handoff reply.';
  }
  return `Options with “Hand over at once” (${atOnce} of ${options.length}) pass the conversation to their skillset’s queue as soon as they are picked. The others only choose the skillset: ${carriesOn}.`;
}

export function MenuSection({ form, skillsets }: { form: BotForm; skillsets: Choice[] }) {
  const { hasMenu, menu } = form.values;
  const options = menu.options;
  // A saved option may point at a skillset deleted since: still shown (and flagged) rather than silently blank.
  const skillsetData = (current: string | null): Choice[] =>
    current && !skillsets.some((s) => s.value === current) ? [{ value: current, label: 'Deleted skillset' }, ...skillsets] : skillsets;

  return (
    <Section
      id="bot-menu"
      title="Menu"
      description="Options that choose the team a customer is routed to: either the bot carries on and a later request for a person goes to that team, or the pick hands over at once."
      aside={
        <Switch
          label="Show a menu"
          checked={hasMenu}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            form.setFieldValue('hasMenu', on);
            if (on && options.length === 0) form.insertListItem('menu.options', newMenuOption());
          }}
        />
      }
    >
      <SlotError form={form} path="menu" />
      {hasMenu && (
        <Stack gap="sm">
          <Textarea
            label="Prompt"
            description="The text above the options."
            autosize
            minRows={1}
            maxLength={1024}
            {...form.getInputProps('menu.prompt')}
          />
          <Text size="sm" c="dimmed" data-testid="menu-rendering">
            {menuRendering(options.length, options[0]?.label)}
          </Text>
          <Text size="sm" c="dimmed" data-testid="menu-behaviour">
            {menuBehaviour(options)}
          </Text>
          <Textarea
            label="Reply after a pick"
            description="Sent when the customer picks an option that does not hand over, unless the option has its own reply."
            required
            autosize
            minRows={1}
            maxLength={2048}
            {...form.getInputProps('menu.menuChoiceReply')}
          />
          {skillsets.length === 0 && (
            <Text size="sm" c="orange.8">
              There are no skillsets yet:{' '}
              <Anchor component={Link} to="/settings/skillsets" inherit>
                add them
              </Anchor>{' '}
              first, then pick one for each option.
            </Text>
          )}
          {options.map((option, i) => (
            <Fieldset
              key={option.id}
              legend={
                <Group gap="xs">
                  <Badge variant="light" circle>
                    {i + 1}
                  </Badge>
                  <span>Option {i + 1}</span>
                </Group>
              }
              aria-label={`Menu option ${i + 1}`}
              data-testid="menu-option"
            >
              <Group align="flex-start" wrap="nowrap" gap="sm">
                <Stack gap="xs" style={{ flex: 1 }}>
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <TextInput
                      label="Label"
                      required
                      maxLength={40}
                      placeholder="Sales"
                      description={`Button title, ${charCount(option.label, 20)} characters`}
                      {...form.getInputProps(`menu.options.${i}.label`)}
                    />
                    <Select
                      label="Skillset"
                      required
                      placeholder="Choose a skillset"
                      data={skillsetData(option.skillsetId)}
                      allowDeselect={false}
                      searchable
                      nothingFoundMessage="No skillset matches"
                      {...form.getInputProps(`menu.options.${i}.skillsetId`)}
                    />
                  </SimpleGrid>
                  <TagsInput
                    label="Keywords"
                    description="Words that pick this option when typed (its number and label always do). Press Enter after each."
                    maxTags={20}
                    clearable
                    {...form.getInputProps(`menu.options.${i}.keywords`)}
                  />
                  <Switch
                    label="Hand over at once"
                    description={
                      option.handoff
                        ? 'Picking this option passes the conversation to the skillset’s queue straight away, with the handoff reply.'
                        : 'Off: picking this option only chooses the skillset; the bot carries on until the customer asks for a person.'
                    }
                    {...form.getInputProps(`menu.options.${i}.handoff`, { type: 'checkbox' })}
                  />
                  {!option.handoff && (
                    <Textarea
                      label="Reply after the pick"
                      description="Optional: what the bot says when this option is picked. Empty: the menu’s reply after a pick."
                      placeholder={menu.menuChoiceReply}
                      autosize
                      minRows={1}
                      maxLength={2048}
                      {...form.getInputProps(`menu.options.${i}.reply`)}
                    />
                  )}
                  <SlotError form={form} path={`menu.options.${i}`} />
                </Stack>
                <ItemControls
                  name={`option ${i + 1}`}
                  index={i}
                  count={options.length}
                  onMove={(from, to) => form.reorderListItem('menu.options', { from, to })}
                  onRemove={() => form.removeListItem('menu.options', i)}
                />
              </Group>
            </Fieldset>
          ))}
          <SlotError form={form} path="menu.options" />
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              disabled={options.length >= MAX_OPTIONS}
              onClick={() => form.insertListItem('menu.options', newMenuOption())}
            >
              Add option
            </Button>
            {options.length >= MAX_OPTIONS && (
              <Text size="xs" c="dimmed">
                A menu holds at most {MAX_OPTIONS} options (a WhatsApp list’s limit).
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </Section>
  );
}
