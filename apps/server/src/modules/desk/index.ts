// The agent desk's public door (PRODUCT §4): the Mine / Queue lists, canned replies, internal notes, and templates
// and files from the composer. Routing, transfers and closing live in their own modules; the desk composes them.
export { deskRoutes } from './routes';
// What the desk keeps about contacts (internal notes), for merge, GDPR export / erasure (src/contact-data.ts).
export { deskContactData } from './contact-data';
