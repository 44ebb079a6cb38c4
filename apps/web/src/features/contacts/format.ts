import type { ContactView } from '@parley/contracts';

export function contactName(c: Pick<ContactView, 'firstName' | 'lastName' | 'channelName' | 'phone'>): string {
  const full = [c.firstName, c.lastName].filter(Boolean).join(' ').trim();
  return full || c.channelName || c.phone || 'Unknown contact';
}

function referralText(referral: ContactView['referral'], key: string): string | null {
  const value = referral?.[key];
  return typeof value === 'string' && value.trim() ? value : null;
}

export function adHeadline(c: Pick<ContactView, 'referral'>): string | null {
  return referralText(c.referral, 'headline');
}

export function adSourceUrl(c: Pick<ContactView, 'referral'>): string | null {
  const url = referralText(c.referral, 'sourceUrl');
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** Where the contact came from, in words (PRODUCT §2: organic, api, import:<label>, ad). */
export function sourceLabel(c: Pick<ContactView, 'source' | 'referral'>): string {
  if (c.source === 'organic') return 'Organic (wrote first)';
  if (c.source === 'api') return 'API or campaign (reached first by us)';
  if (c.source.startsWith('import:')) return `Import: ${c.source.slice('import:'.length)}`;
  if (c.source === 'ad') {
    const headline = adHeadline(c);
    return headline ? `Ad: ${headline}` : 'Ad';
  }
  return c.source;
}

/** "1 h 05 min", "4 min 20 s", "0 s". */
export function durationText(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}
