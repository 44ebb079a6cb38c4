import type { AttributeDefinition, ContactImportField, ContactImportRowError } from '@parley/contracts';

export const fieldLabels: Record<ContactImportField, string> = {
  phone: 'Phone',
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  gender: 'Gender',
  language: 'Language',
  timezone: 'Time zone',
  location: 'Location',
  country: 'Country',
  tags: 'Tags (added)',
};

export const reasonLabels: Record<ContactImportRowError['code'], string> = {
  missing_key: 'no phone / email to find the contact by',
  duplicate: 'duplicate of an earlier row',
  invalid_phone: 'invalid phone number',
  scientific_notation: 'phone in scientific notation',
  invalid_email: 'invalid email',
  invalid_value: 'invalid value',
};

/** Where a column can go: a contact field, a custom attribute, or nowhere. */
export function targetOptions(attributes: AttributeDefinition[]) {
  return [
    { group: 'Contact fields', items: Object.entries(fieldLabels).map(([value, label]) => ({ value, label })) },
    ...(attributes.length
      ? [{ group: 'Custom attributes', items: attributes.map((a) => ({ value: `attr.${a.key}`, label: `${a.label} (${a.type})` })) }]
      : []),
  ];
}
