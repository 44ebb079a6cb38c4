import { Button, Group, Select, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { pageSizes } from './labels';

/** Page size (10–100, as in the seed's "data frame") and previous / next, for any of the campaign tables. */
export function Pager(props: {
  testId: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const { page, pageSize, total } = props;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between">
      <Select
        label="Per page"
        size="xs"
        data-testid={`${props.testId}-page-size`}
        allowDeselect={false}
        data={pageSizes}
        value={String(pageSize)}
        onChange={(v) => {
          if (!v) return;
          props.onPageSize(Number(v));
          props.onPage(1);
        }}
        w={90}
      />
      <Group gap="xs">
        <Text size="sm" c="dimmed" data-testid={`${props.testId}-page`}>
          Page {page} of {pages}
        </Text>
        <Button
          size="xs"
          variant="default"
          aria-label="Previous page"
          data-testid={`${props.testId}-prev`}
          disabled={page <= 1}
          onClick={() => props.onPage(page - 1)}
        >
          <IconChevronLeft size={14} aria-hidden />
        </Button>
        <Button
          size="xs"
          variant="default"
          aria-label="Next page"
          data-testid={`${props.testId}-next`}
          disabled={page >= pages}
          onClick={() => props.onPage(page + 1)}
        >
          <IconChevronRight size={14} aria-hidden />
        </Button>
      </Group>
    </Group>
  );
}
