import { createTheme, NumberInput, PasswordInput, Select, TagsInput, Textarea, TextInput } from '@mantine/core';

/*
 * Fields keep `required` (announced as required to assistive tech) but show no asterisk: almost every field
 * in Parley is required, optional ones say so in their description, and an asterisk would become part of the
 * label text ("Email *"), breaking exact label lookups by assistive tech and end-to-end tests.
 */
const noAsterisk = { withAsterisk: false } as const;

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  components: {
    TextInput: TextInput.extend({ defaultProps: noAsterisk }),
    NumberInput: NumberInput.extend({ defaultProps: noAsterisk }),
    TagsInput: TagsInput.extend({ defaultProps: noAsterisk }),
    Textarea: Textarea.extend({ defaultProps: noAsterisk }),
    PasswordInput: PasswordInput.extend({
      defaultProps: {
        ...noAsterisk,
        // Mantine names the eye button "Toggle password visibility"; that name contains "password", so
        // label-based lookups (screen-reader users, getByLabel in tests) would find two "Password" controls.
        visibilityToggleButtonProps: { 'aria-label': 'Show or hide characters' },
      },
    }),
    Select: Select.extend({
      defaultProps: {
        ...noAsterisk,
        // Mantine keeps a hidden listbox labelled like its input in the page; then "the control labelled
        // Time zone" is ambiguous for assistive tech and label-based test lookups. Mount it only when open.
        comboboxProps: { keepMounted: false },
      },
    }),
  },
});
