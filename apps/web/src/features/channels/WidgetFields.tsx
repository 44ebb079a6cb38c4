import { ColorInput, TagsInput, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { createWebchatChannelRequest, widgetOrigin } from '@parley/contracts';
import { schemaRule } from '../../lib/forms';

export interface WidgetValues {
  name: string;
  title: string;
  accentColor: string;
  allowedOrigins: string[];
}

export const WIDGET_FIELDS = ['name', 'title', 'accentColor', 'allowedOrigins'] as const;

const shape = createWebchatChannelRequest.shape;

/** The same checks the server makes, field by field. */
export const widgetValidation = {
  name: schemaRule(shape.name, 'Enter a name'),
  title: schemaRule(shape.title, 'Enter a title'),
  accentColor: schemaRule(shape.accentColor, 'Pick a colour'),
  allowedOrigins: (value: string[]) => {
    const bad = value.find((v) => !widgetOrigin.safeParse(v).success);
    return bad ? `“${bad}” is not a site origin: write it like https://shop.example (no path)` : schemaRule(shape.allowedOrigins)(value);
  },
};

/** Name, title, colour and allowed sites of a widget: shared by "add" and "settings". */
export function WidgetFields({ form }: { form: UseFormReturnType<WidgetValues> }) {
  return (
    <>
      <TextInput label="Name" required description="How this widget appears in Parley, e.g. “Website”." {...form.getInputProps('name')} />
      <TextInput
        label="Chat title"
        required
        description="Shown at the top of the chat panel on your site."
        {...form.getInputProps('title')}
      />
      <ColorInput label="Accent colour" required format="hex" swatches={SWATCHES} {...form.getInputProps('accentColor')} />
      <TagsInput
        label="Allowed sites"
        description="Only pages on these origins may open the chat (press Enter after each, e.g. https://shop.example). Leave empty to allow any site. Parley’s own test page always works."
        placeholder="https://shop.example"
        maxTags={20}
        {...form.getInputProps('allowedOrigins')}
      />
    </>
  );
}

const SWATCHES = ['#1c7ed6', '#2b8a3e', '#e8590c', '#c2255c', '#6741d9', '#212529'];
