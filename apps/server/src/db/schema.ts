// Every table of every module, for drizzle-kit (migrations) and drizzle's typed queries.
export * from '../modules/identity/tables';
