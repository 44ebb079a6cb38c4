import type { UseFormReturnType } from '@mantine/form';
import type { DraftValues } from './draft';

/** The bot settings form, handed to each section. */
export type BotForm = UseFormReturnType<DraftValues>;

export interface Choice {
  value: string;
  label: string;
}

/** The choices, plus the current value when it is not among them (deleted since), so a Select still shows it. */
export function withCurrent(choices: Choice[], current: string | null, note: string): Choice[] {
  return current && !choices.some((c) => c.value === current) ? [{ value: current, label: `${current} (${note})` }, ...choices] : choices;
}
