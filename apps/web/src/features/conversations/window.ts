/** Whether free-form messages may be sent: the 24-hour window is open until `windowClosesAt` (PRODUCT §3). */
export function isWindowOpen(windowClosesAt: string | null, now: Date): boolean {
  return windowClosesAt !== null && new Date(windowClosesAt) > now;
}
