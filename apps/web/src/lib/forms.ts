import { errorMessage, isApiError } from './api';

export interface SubmitErrors {
  /** Messages for the form's own fields, keyed like the form values. */
  fieldErrors: Record<string, string>;
  /** What to show above the submit button, or null when every problem sits on a field. */
  formError: string | null;
}

/** Server issue messages read as a predicate ("must be at least 8 characters"); under a label they start a sentence. */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Splits an API error into field errors (for issues naming one of `fields`) and a form-level message.
 * Issue fields may be paths like "body.email"; the last segment is matched.
 */
export function submitErrors(error: unknown, fields: readonly string[]): SubmitErrors {
  const fieldErrors: Record<string, string> = {};
  const unmatched: string[] = [];
  if (isApiError(error)) {
    for (const issue of error.issues) {
      const field = issue.field.split('.').at(-1) ?? issue.field;
      if (fields.includes(field) && !fieldErrors[field]) fieldErrors[field] = sentence(issue.message);
      else unmatched.push(`${issue.field}: ${issue.message}`);
    }
    if (Object.keys(fieldErrors).length > 0) {
      return { fieldErrors, formError: unmatched.length > 0 ? unmatched.join('; ') : null };
    }
  }
  return { fieldErrors, formError: errorMessage(error) };
}

/** The shape of a zod schema that validation needs; typed structurally so the app does not depend on zod itself. */
interface SafeParser {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

/**
 * A Mantine form rule backed by a schema from @parley/contracts, so the browser checks exactly what the
 * server will. `emptyMessage` gives blank fields a friendlier message than the schema's own.
 */
export function schemaRule(schema: SafeParser, emptyMessage?: string) {
  // Typed `unknown` so number fields (NumberInput gives '' when empty) can use it as well as text fields.
  return (value: unknown): string | null => {
    if (emptyMessage && (value === undefined || value === null || (typeof value === 'string' && !value.trim()))) return emptyMessage;
    const result = schema.safeParse(value);
    return result.success ? null : sentence(result.error.issues[0]?.message ?? 'is not valid');
  };
}

/** Like schemaRule for a field that may stay empty: blank passes, anything typed must satisfy the schema. */
export function optionalSchemaRule(schema: SafeParser) {
  const rule = schemaRule(schema);
  return (value: unknown): string | null => (typeof value === 'string' && !value.trim() ? null : rule(value));
}
