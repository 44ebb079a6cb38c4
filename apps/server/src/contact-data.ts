// Every module that keeps data about contacts, for the contacts module's merge, GDPR export / erasure and
// retention (modules/contacts/privacy): wired here, at the composition root, since those modules import contacts.
// Order matters: conversations first (it adds the message and media ids the others erase by, and refuses a merge
// before anything moves), then the modules that key their rows by conversation or message.
import { botContactData } from './modules/bot';
import { campaignsContactData } from './modules/campaigns';
import { channelsContactData } from './modules/channels';
import { contactImportData, type ContactDataHolder } from './modules/contacts';
import { conversationsContactData } from './modules/conversations';
import { deskContactData } from './modules/desk';
import { routingContactData } from './modules/routing';

export const contactDataHolders: readonly ContactDataHolder[] = [
  conversationsContactData,
  campaignsContactData,
  channelsContactData,
  botContactData,
  routingContactData,
  deskContactData,
  contactImportData,
];
