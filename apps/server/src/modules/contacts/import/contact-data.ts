// What an import keeps about people: the rejected rows (their cells as the file had them), for GDPR erasure. They
// carry no contact id, so rows are found by the erased contacts' phones and emails. Uploaded files are not searched
// (an .xlsx is compressed): they live until their import ends, or 24 hours for a draft nobody starts.
import { sql } from 'drizzle-orm';
import type { ContactDataHolder } from '../privacy';
import { contactImportRejects } from './tables';
import { rowsOf } from '../../../platform/db';

export const contactImportData: ContactDataHolder = {
  name: 'contact-import',

  async erase(tx, scope) {
    if (scope.phones.length === 0 && scope.emails.length === 0) return { contactImportRejects: 0 };
    // A cell matches a phone when their last 8 digits agree (a file writes numbers every way: "(11) 98765-4321",
    // "5511987654321"…), an email when equal without case or spaces. Erring towards deleting a stranger's rejected
    // row is the safe side of an erasure.
    const phones = JSON.stringify(scope.phones);
    const emails = JSON.stringify(scope.emails.map((e) => e.toLowerCase()));
    const gone = await tx.execute(sql`
      delete from ${contactImportRejects} r
      where r.workspace_id = ${scope.workspaceId}::uuid and exists (
        select 1 from jsonb_each_text(r.cells) as c
        where lower(trim(c.value)) in (select jsonb_array_elements_text(${emails}::jsonb))
          or (length(regexp_replace(c.value, '\\D', '', 'g')) >= 8 and right(regexp_replace(c.value, '\\D', '', 'g'), 8) in (
            select right(regexp_replace(p, '\\D', '', 'g'), 8) from jsonb_array_elements_text(${phones}::jsonb) as p)))
      returning r.row_no`);
    return { contactImportRejects: rowsOf(gone).length };
  },
};
