import { Button, Group } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** Every step ends the same way (seed 004): Previous goes back a step, Next saves and goes on. */
export function StepNav(props: {
  onPrevious?: () => void;
  onNext?: () => void;
  pending?: boolean;
  nextDisabled?: boolean;
  next?: ReactNode;
}) {
  return (
    <Group justify="space-between" mt="md">
      {props.onPrevious ? (
        <Button
          variant="default"
          leftSection={<IconChevronLeft size={16} aria-hidden />}
          onClick={props.onPrevious}
          data-testid="wizard-previous"
        >
          Previous
        </Button>
      ) : (
        <span />
      )}
      {props.next ?? (
        <Button
          rightSection={<IconChevronRight size={16} aria-hidden />}
          onClick={props.onNext}
          loading={props.pending}
          disabled={props.nextDisabled}
          data-testid="wizard-next"
        >
          Next
        </Button>
      )}
    </Group>
  );
}
