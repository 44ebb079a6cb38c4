import { Alert, Badge, Button, Code, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { errorMessage } from '../../lib/api';
import { AddTagRuleForm } from './AddTagRuleForm';
import { useDeleteTagRule, useTagRules } from './queries';
import { matchLabels } from './tagRules';

/** Rules that tag a new contact from their first message (PRODUCT §2, case-insensitive). */
export function FirstMessageTagsSection({ canEdit }: { canEdit: boolean }) {
  const rules = useTagRules();
  const remove = useDeleteTagRule();

  return (
    <Stack component="section" aria-labelledby="first-message-tags-heading">
      <div>
        <Title order={2} size="h3" id="first-message-tags-heading">
          First-message tags
        </Title>
        <Text size="sm" c="dimmed">
          When a customer’s first message matches a rule (ignoring case), their contact gets the rule’s tag. For example, a rule “Starts
          with: Hi, I want Product A” can tag people who came from a link with that pre-filled message.
        </Text>
      </div>

      {rules.isPending && <Loader aria-label="Loading first-message tag rules" />}
      {rules.isError && <Alert color="red">{errorMessage(rules.error)}</Alert>}
      {rules.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No rules yet.
        </Text>
      )}
      {rules.data && rules.data.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped verticalSpacing="xs" aria-label="First-message tag rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Match</Table.Th>
                <Table.Th>First message</Table.Th>
                <Table.Th>Tag</Table.Th>
                {canEdit && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.map((rule) => (
                <Table.Tr key={rule.id} data-testid="tag-rule-row">
                  <Table.Td>{matchLabels[rule.match]}</Table.Td>
                  <Table.Td>
                    <Code>{rule.pattern}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="outline" tt="none">
                      {rule.tag}
                    </Badge>
                  </Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        loading={remove.isPending && remove.variables === rule.id}
                        onClick={() => remove.mutate(rule.id)}
                      >
                        Delete
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {remove.isError && <Alert color="red">{errorMessage(remove.error)}</Alert>}
      {canEdit && <AddTagRuleForm />}
    </Stack>
  );
}
