import { Select, type SelectProps } from '@mantine/core';
import { dateFormats, roles, type DateFormat, type Role } from '@parley/contracts';
import { useMemo } from 'react';
import { formatDate, listTimeZones } from '../../lib/time';

type FieldProps = Omit<SelectProps, 'data'>;

/** Every IANA zone the browser knows, searchable; the current value is kept even if this browser lacks it. */
export function TimezoneSelect(props: FieldProps) {
  const { value, defaultValue } = props;
  const data = useMemo(() => {
    const zones = listTimeZones();
    const extra = [value, defaultValue].filter((z): z is string => !!z && !zones.includes(z));
    return [...extra, ...zones];
  }, [value, defaultValue]);

  return (
    <Select
      label="Time zone"
      searchable
      allowDeselect={false}
      nothingFoundMessage="No time zone matches"
      maxDropdownHeight={280}
      {...props}
      data={data}
    />
  );
}

/** A sample date in each format, so the choice is concrete. Uses a fixed day where day and month differ. */
const SAMPLE = new Date(Date.UTC(2025, 10, 21, 12));

export function dateFormatExample(format: DateFormat): string {
  return formatDate(SAMPLE, { timezone: 'UTC', dateFormat: format });
}

export function DateFormatSelect(props: FieldProps) {
  return <Select label="Date format" allowDeselect={false} {...props} data={[...dateFormats]} />;
}

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  agent: 'Agent',
};

export const roleOptions = roles.map((role) => ({ value: role, label: roleLabels[role] }));

export function RoleSelect(props: FieldProps) {
  return <Select label="Role" allowDeselect={false} {...props} data={roleOptions} />;
}

export function isDateFormat(value: string | null | undefined): value is DateFormat {
  return !!value && (dateFormats as readonly string[]).includes(value);
}
