// platform/zip: a streaming ZIP writer on node:zlib (the GDPR export archive, and the container of every .xlsx
// Parley writes). Reading zips is the Excel reader's business (platform/excel/zip-check.ts).
export { ZipWriter, type ZipOptions } from './zip-writer';
