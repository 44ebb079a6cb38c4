import { Alert, Button, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createTagRuleRequest } from '@parley/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { schemaRule, submitErrors } from '../../lib/forms';
import type { TagRuleMatch } from './api';
import { useCreateTagRule } from './queries';
import { matchOptions } from './tagRules';

interface RuleValues {
  match: TagRuleMatch;
  pattern: string;
  tag: string;
}

const FIELDS = ['match', 'pattern', 'tag'] as const;

export function AddTagRuleForm() {
  const create = useCreateTagRule();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<RuleValues>({
    initialValues: { match: 'prefix', pattern: '', tag: '' },
    validate: {
      pattern: schemaRule(createTagRuleRequest.shape.pattern, 'Enter the message to match'),
      tag: schemaRule(createTagRuleRequest.shape.tag, 'Enter a tag'),
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      { match: values.match, pattern: values.pattern.trim(), tag: values.tag.trim() },
      {
        onSuccess: (rule) => {
          notifications.show({ color: 'green', title: 'Rule added', message: `New contacts matching it get the tag “${rule.tag}”.` });
          form.reset();
        },
        onError: (error) => {
          const { fieldErrors, formError } = submitErrors(error, FIELDS);
          form.setErrors(fieldErrors);
          setFormError(formError);
        },
      },
    );
  });

  return (
    <Paper withBorder p="md" radius="md" maw={760}>
      <form onSubmit={handleSubmit} noValidate aria-labelledby="add-tag-rule-heading">
        <Stack gap="sm">
          <Title order={3} size="h5" id="add-tag-rule-heading">
            Add a rule
          </Title>
          <Group align="flex-start" grow preventGrowOverflow={false}>
            <Select
              label="Match"
              required
              allowDeselect={false}
              data={matchOptions}
              {...form.getInputProps('match')}
              onChange={(value) => value && form.setFieldValue('match', value as TagRuleMatch)}
              maw={160}
            />
            <TextInput label="First message" required placeholder="Hi, I want Product A" {...form.getInputProps('pattern')} />
            <TextInput label="Tag" required placeholder="Product A" {...form.getInputProps('tag')} maw={200} />
          </Group>
          {formError && <Alert color="red">{formError}</Alert>}
          <Group>
            <Button type="submit" variant="light" leftSection={<IconPlus size={16} aria-hidden />} loading={create.isPending}>
              Add rule
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
