import type { RawData, WebSocket } from 'ws';
import type { Deps } from '../../../platform/deps';
import type { RealtimeHub } from '../../../platform/realtime';
import { findChannelByExternalId } from '../repository';
import { readMailbox, visitorRoom, type MailboxAddress } from './mailbox';
import { CLOSE, MAX_FRAME_BYTES, clientFrame, describeIssues, type ServerFrame, type WidgetMessage } from './protocol';
import { RateWindow } from './rate-window';
import { receiveVisitorMessage, recordDelivered } from './receive-visitor-message';
import type { WebchatChannelRow } from './send';
import { issueVisitorToken, newVisitorId, verifyVisitorToken } from './visitor-token';

const HELLO_WITHIN_MS = 10_000;

/** Per-process limits shared by every widget socket. */
export interface WidgetLimits {
  /** Messages per visitor: 10 in 10 s. */
  messages: RateWindow;
  /** New visitor identities per client address: 60 in 10 min (each may become a contact). */
  newVisitors: RateWindow;
}

export const defaultWidgetLimits = (deps: Deps): WidgetLimits => ({
  messages: new RateWindow(deps.clock, 10, 10_000),
  newVisitors: new RateWindow(deps.clock, 60, 10 * 60_000),
});

export interface WidgetConnectionInfo {
  key: string | undefined;
  origin: string | undefined;
  /** The origins this server itself serves pages from (the test page, the settings preview). */
  ownOrigins: string[];
  ip: string;
}

/**
 * One widget's socket. Frames are handled one at a time, in order, from the moment the socket opens (the
 * channel lookup is the first step of the same chain, so no frame is lost while it runs). Bad frames get an
 * error frame and the connection stays; only identity problems (key, origin, token) close it.
 */
export class WidgetConnection {
  private chain: Promise<void>;
  private closed = false;
  private channel?: WebchatChannelRow;
  private visitor?: MailboxAddress;
  private shownUpTo = 0;
  private pushWaiting = false;
  private unlisten?: () => void;
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    private readonly deps: Deps,
    private readonly hub: RealtimeHub,
    private readonly limits: WidgetLimits,
    private readonly socket: WebSocket,
    private readonly info: WidgetConnectionInfo,
  ) {
    socket.on('message', (raw, isBinary) => this.then(() => this.onFrame(raw, isBinary)));
    socket.on('close', () => this.dispose());
    socket.on('error', (err) => deps.log.debug({ err }, 'widget socket error'));
    this.helloTimer = setTimeout(() => this.close(CLOSE.noHello), HELLO_WITHIN_MS);
    this.chain = Promise.resolve();
    this.then(() => this.open());
  }

  private then(step: () => Promise<void> | void) {
    this.chain = this.chain
      .then(() => (this.closed ? undefined : step()))
      .catch((err: unknown) => {
        this.deps.log.error({ err }, 'widget socket step failed');
        this.send({ type: 'error', code: 'internal', message: 'Something went wrong on our side; please try again.' });
      });
  }

  private async open() {
    const key = this.info.key;
    const channel = key && /^[A-Za-z0-9_-]{16,64}$/.test(key) ? await findChannelByExternalId(this.deps.db, 'webchat', key) : undefined;
    if (!channel) return this.close(CLOSE.unknownKey);
    if (!originAllowed(channel.settings.allowedOrigins, this.info.origin, this.info.ownOrigins)) return this.close(CLOSE.badOrigin);
    this.channel = channel;
  }

  private async onFrame(raw: RawData, isBinary: boolean) {
    const bytes = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
    if (isBinary) return this.error('bad_frame', 'frames must be JSON text');
    if (bytes.length > MAX_FRAME_BYTES) return this.error('frame_too_large', `frames may not exceed ${MAX_FRAME_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return this.error('bad_frame', 'frames must be JSON');
    }
    const parsed = clientFrame.safeParse(json);
    if (!parsed.success) return this.error('bad_frame', describeIssues(parsed.error), clientIdIn(json));
    const frame = parsed.data;
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    if (frame.type === 'hello') return this.hello(frame.token, frame.after);
    if (!this.visitor || !this.channel) return this.error('no_hello', 'send a hello frame first', frame.clientId);
    if (!this.limits.messages.take(this.visitor.visitorId)) {
      return this.error('rate_limited', 'Too many messages at once: wait a few seconds and send it again.', frame.clientId);
    }
    const { duplicate } = await receiveVisitorMessage(this.deps, this.channel, this.visitor.visitorId, frame);
    this.send({ type: 'ack', clientId: frame.clientId, duplicate });
  }

  private async hello(token: string | null | undefined, after: number | undefined) {
    const channel = this.channel!;
    if (this.visitor) return this.error('bad_frame', 'hello was already received');
    let visitorId: string | null;
    // Only a hello with no token at all starts a new identity; a token that does not verify is refused.
    if (token === undefined || token === null) {
      if (!this.limits.newVisitors.take(this.info.ip)) return this.close(CLOSE.tooManyVisitors);
      visitorId = newVisitorId();
    } else {
      visitorId = verifyVisitorToken(this.deps.secrets, channel.id, token);
      if (!visitorId) return this.close(CLOSE.badToken);
    }
    clearTimeout(this.helloTimer);
    this.visitor = { workspaceId: channel.workspaceId, channelId: channel.id, visitorId };
    // Listen before reading history: whatever lands in between is read by the push that follows.
    this.unlisten = this.hub.listen(visitorRoom(this.visitor), () => this.schedulePush());
    this.send({
      type: 'ready',
      visitorId,
      token: issueVisitorToken(this.deps.secrets, channel.id, visitorId),
      widget: { title: channel.settings.title, accentColor: channel.settings.accentColor },
    });
    const history = await readMailbox(this.deps.db, this.visitor, after);
    this.shownUpTo = Math.max(after ?? 0, ...history.map((m) => m.seq));
    this.send({ type: 'history', messages: history });
    await this.delivered(history);
  }

  // Many events while a push waits in the chain need one read, not one each.
  private schedulePush() {
    if (this.pushWaiting) return;
    this.pushWaiting = true;
    this.then(async () => {
      this.pushWaiting = false;
      await this.push();
    });
  }

  private async push() {
    if (!this.visitor) return;
    for (;;) {
      const fresh = await readMailbox(this.deps.db, this.visitor, this.shownUpTo);
      for (const message of fresh) this.send({ type: 'message', message });
      if (fresh.length === 0) return;
      this.shownUpTo = fresh[fresh.length - 1]!.seq;
      await this.delivered(fresh);
    }
  }

  private async delivered(shown: WidgetMessage[]) {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const ids = shown.flatMap((m) => (m.from === 'business' && m.id ? [m.id] : []));
    await recordDelivered(this.deps, this.channel!, ids);
  }

  private error(code: string, message: string, clientId?: string) {
    this.send({ type: 'error', code, message, ...(clientId ? { clientId } : {}) });
  }

  private send(frame: ServerFrame) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private close(how: { code: number; reason: string }) {
    if (this.closed) return;
    this.deps.log.info({ code: how.code, reason: how.reason, ip: this.info.ip }, 'widget socket refused');
    this.dispose();
    this.socket.close(how.code, how.reason);
  }

  private dispose() {
    this.closed = true;
    clearTimeout(this.helloTimer);
    this.unlisten?.();
    this.unlisten = undefined;
  }
}

/** With no allowed origins set, any site may embed the widget; otherwise the browser's Origin must be listed. */
export function originAllowed(allowed: string[], origin: string | undefined, own: string[]): boolean {
  if (allowed.length === 0) return true;
  if (!origin) return false;
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return false;
  }
  return allowed.includes(normalised) || own.includes(normalised);
}

function clientIdIn(json: unknown): string | undefined {
  const id = (json as { clientId?: unknown } | null)?.clientId;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}
