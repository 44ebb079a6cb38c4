import type { ContactDataHolder } from '../privacy/contact-data';

/**
 * What deleting contacts needs from other modules: every module's data about them (conversations, messages,
 * media, campaign deliveries…), erased in the deleting transaction through the same path as a GDPR erasure. Given
 * by the composition root (src/contact-data.ts): contacts cannot import the modules that import it.
 */
export interface BulkHooks {
  contactDataHolders: readonly ContactDataHolder[];
}

export const noBulkHooks: BulkHooks = { contactDataHolders: [] };
