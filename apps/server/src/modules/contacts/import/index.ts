// Contact import from .xlsx / .csv (docs/contacts-import.md): routes, the import job and its hourly sweep.
export { contactImportRoutes } from './routes';
export { contactImportJobs, contactImportSchedules } from './jobs';
export { importContactsJob } from './job-definitions';
// For GDPR erasure: the rejected rows that mention an erased contact's phone or email.
export { contactImportData } from './contact-data';
