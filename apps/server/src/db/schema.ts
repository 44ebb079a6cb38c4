// Every table of every module, for drizzle-kit (migrations) and drizzle's typed queries.
export * from '../modules/identity/tables';
export * from '../modules/channels/tables';
export * from '../modules/contacts/tables';
export * from '../modules/conversations/tables';
export * from '../modules/routing/tables';
export * from '../modules/bot/tables';
export * from '../modules/bot/external/tables';
export * from '../modules/campaigns/tables';
export * from '../modules/contacts/privacy/tables';
export * from '../modules/desk/tables';
