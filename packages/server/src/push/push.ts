/**
 * Web Push (docs/architecture.md, "Push"; docs/privacy.md, "Push"): each device a person switched it on for is
 * told of a new notification through its browser's push service, encrypted for that device (RFC 8291) and signed
 * with the server's VAPID key, both by the `web-push` library. The request itself is sent here: its address came
 * from a device, so only the configured push services' origins are accepted, and the address they resolve to must
 * be a public one unless that exact origin was listed (a test's local endpoint). Sending runs after the update
 * was stored and never fails it.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import webpush from 'web-push';
import { readsAnyVersion } from '@kring/access';
import { DEFAULT_PUSH_SETTINGS, inQuietHours, isNotificationKind, notificationLink, PUSH_SUBSCRIPTIONS_PER_PERSON, type NotificationKind, type PushPayload, type PushSettings } from '@kring/contract';
import type { Accounts } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { NotificationChoices } from '../notifications/choices.ts';
import { namesOf, type NotificationRow } from '../notifications/notifications.ts';
import { pushText } from './texts.ts';

/** The browsers' push services (Chrome and Edge's FCM, Firefox's autopush, Edge's WNS, Safari's). */
export const DEFAULT_PUSH_ORIGINS = ['https://fcm.googleapis.com', 'https://updates.push.services.mozilla.com', 'https://*.notify.windows.com', 'https://*.push.apple.com'];
/** How long a push service may take to answer one request. */
const SEND_TIMEOUT_MS = 10_000;
/** How long the push service keeps a message for a device that is off (a day: older news can wait for the inbox). */
const TTL_SECONDS = 24 * 3600;

export class PushError extends Error {
  readonly code: 'endpoint_not_allowed' | 'push_off';
  constructor(code: 'endpoint_not_allowed' | 'push_off', message: string) {
    super(message);
    this.code = code;
  }
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** Who runs this server, for the push services: `mailto:` or an https URL. */
  subject: string;
}

/**
 * The origins a subscription's endpoint may have (`PUSH_ENDPOINT_ORIGINS`, comma-separated): `https://host[:port]`,
 * `https://*.domain` for any host under a domain, and `http://` only where written out. An origin listed exactly
 * may also be a private or loopback address (a test's local push endpoint); any other is checked when sent.
 */
export class PushOrigins {
  readonly #exact = new Set<string>();
  readonly #suffixes: { protocol: string; suffix: string }[] = [];

  constructor(list: readonly string[]) {
    for (const entry of list.map((item) => item.trim()).filter(Boolean)) {
      const wildcard = /^(https?):\/\/\*\.([a-z0-9.-]+)$/i.exec(entry);
      if (wildcard) {
        this.#suffixes.push({ protocol: `${wildcard[1].toLowerCase()}:`, suffix: `.${wildcard[2].toLowerCase()}` });
        continue;
      }
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new Error(`PUSH_ENDPOINT_ORIGINS: "${entry}" is not an origin such as https://push.example.org`);
      }
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== entry.replace(/\/$/, '')) {
        throw new Error(`PUSH_ENDPOINT_ORIGINS: "${entry}" is not an origin such as https://push.example.org`);
      }
      this.#exact.add(url.origin);
    }
  }

  static fromEnv(value: string | undefined): PushOrigins {
    return new PushOrigins(value ? value.split(',') : DEFAULT_PUSH_ORIGINS);
  }

  /** Whether an endpoint may be subscribed: its origin listed, no user name or password in it. */
  allows(endpoint: string): boolean {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    if (this.#exact.has(url.origin)) return true;
    const host = url.hostname.toLowerCase();
    // A wildcard names hosts, never an address.
    if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return false;
    return this.#suffixes.some(({ protocol, suffix }) => url.protocol === protocol && host.endsWith(suffix) && host.length > suffix.length);
  }

  /** Whether the endpoint's origin was listed exactly, so it may be at a private or loopback address. */
  listedExactly(endpoint: string): boolean {
    return this.#exact.has(new URL(endpoint).origin);
  }
}

/** Whether an address is one of the public internet's (not loopback, private, link-local, reserved). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** A DNS lookup that gives only public addresses: a push service's name must not lead into the server's network. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as LookupAddress[];
    const refused = list.find((entry) => !isPublicAddress(entry.address));
    if (refused || list.length === 0) return callback(Object.assign(new Error(`push: ${hostname} is not at a public address`), { code: 'ENOTPUBLIC' }), '', 0);
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

interface Subscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export class Push {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  /** What each person wants on their devices (the topics they switched push off for, the spaces they muted). */
  readonly #choices: NotificationChoices;
  readonly #vapid: VapidKeys | null;
  readonly #origins: PushOrigins;
  /** Sends still under way (tests and shutdown wait for them). */
  readonly #sending = new Set<Promise<void>>();

  constructor(db: KringDb, accounts: Accounts, { vapid, origins }: { vapid: VapidKeys | null; origins: PushOrigins }) {
    this.#db = db;
    this.#accounts = accounts;
    this.#choices = new NotificationChoices(db);
    this.#vapid = vapid;
    this.#origins = origins;
  }

  /** The VAPID public key for devices, or null when push is switched off (no keys outside demo mode). */
  get publicKey(): string | null {
    return this.#vapid?.publicKey ?? null;
  }

  /**
   * Subscribes this device for `userId`, who the session says it is, for as long as that session lasts. An
   * endpoint already known (the same device, someone else signed in now) moves to them; beyond
   * PUSH_SUBSCRIPTIONS_PER_PERSON the person's oldest goes.
   */
  async subscribe(userId: string, sessionId: string, subscription: { endpoint: string; keys: { p256dh: string; auth: string } }, now = Date.now()): Promise<void> {
    if (!this.#vapid) throw new PushError('push_off', 'Push is switched off on this server.');
    if (!this.#origins.allows(subscription.endpoint)) throw new PushError('endpoint_not_allowed', 'This push service is not one this server sends to (PUSH_ENDPOINT_ORIGINS).');
    const row = { endpoint: subscription.endpoint, user_id: userId, session_id: sessionId, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth, created_at: now };
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('push_subscriptions')
        .values(row)
        .onConflict((oc) => oc.column('endpoint').doUpdateSet({ user_id: userId, session_id: sessionId, p256dh: row.p256dh, auth: row.auth, created_at: now }))
        .execute();
      const kept = await trx.selectFrom('push_subscriptions').select('endpoint').where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('endpoint').limit(PUSH_SUBSCRIPTIONS_PER_PERSON).execute();
      await trx
        .deleteFrom('push_subscriptions')
        .where('user_id', '=', userId)
        .where(
          'endpoint',
          'not in',
          kept.map((k) => k.endpoint),
        )
        .execute();
    });
  }

  /** Unsubscribes this device; only the person's own endpoint (someone else's is left alone). */
  async unsubscribe(userId: string, endpoint: string): Promise<void> {
    await this.#db.deleteFrom('push_subscriptions').where('user_id', '=', userId).where('endpoint', '=', endpoint).execute();
  }

  /**
   * The person's subscribed devices, for their export: the push service's origin and when, never the endpoint's
   * path or the keys (the path is the device's address at its push service, the keys encrypt to it).
   */
  async devices(userId: string): Promise<{ service: string; subscribedAt: number }[]> {
    const rows = await this.#db.selectFrom('push_subscriptions').select(['endpoint', 'created_at']).where('user_id', '=', userId).orderBy('created_at').orderBy('endpoint').execute();
    return rows.map((row) => ({ service: URL.canParse(row.endpoint) ? new URL(row.endpoint).origin : 'unknown', subscribedAt: row.created_at }));
  }

  /** How many devices a person has subscribed. */
  async count(userId: string): Promise<number> {
    const { count } = await this.#db.selectFrom('push_subscriptions').select((eb) => eb.fn.countAll<number>().as('count')).where('user_id', '=', userId).executeTakeFirstOrThrow();
    return Number(count);
  }

  /** A deactivated or erased person's devices hear nothing more. */
  async forget(userId: string): Promise<void> {
    await this.#db.deleteFrom('push_subscriptions').where('user_id', '=', userId).execute();
    await this.#db.deleteFrom('push_settings').where('user_id', '=', userId).execute();
  }

  /** When the person's pushes stay away; the defaults until they chose. */
  async settings(userId: string): Promise<PushSettings> {
    return (await this.#settingsOf([userId])).get(userId) ?? DEFAULT_PUSH_SETTINGS;
  }

  async changeSettings(userId: string, settings: PushSettings, now = Date.now()): Promise<PushSettings> {
    const row = { quiet_on: settings.quietHours.on ? 1 : 0, quiet_from: settings.quietHours.from, quiet_until: settings.quietHours.until, updated_at: now };
    await this.#db
      .insertInto('push_settings')
      .values({ user_id: userId, ...row })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
      .execute();
    return this.settings(userId);
  }

  async #settingsOf(userIds: readonly string[]): Promise<Map<string, PushSettings>> {
    const found = new Map<string, PushSettings>();
    if (userIds.length === 0) return found;
    for (const row of await this.#db.selectFrom('push_settings').selectAll().where('user_id', 'in', userIds).execute()) {
      found.set(row.user_id, { quietHours: { on: row.quiet_on === 1, from: row.quiet_from, until: row.quiet_until } });
    }
    return found;
  }

  /**
   * Tells the recipients' devices of notifications just stored. Returns at once: what a push service does never
   * holds up or fails the update the notifications came from.
   */
  notificationsCreated(rows: readonly NotificationRow[]): void {
    if (!this.#vapid || rows.length === 0) return;
    const sending = this.#send(rows).catch((error: unknown) => console.error('push: sending failed', error));
    this.#sending.add(sending);
    void sending.finally(() => this.#sending.delete(sending));
  }

  /** Resolves when every push started so far has been answered (or failed). */
  async settled(): Promise<void> {
    while (this.#sending.size > 0) await Promise.all(this.#sending);
  }

  async #send(rows: readonly NotificationRow[]): Promise<void> {
    const recipients = [...new Set(rows.map((row) => row.recipient_id))];
    const now = Date.now();
    // Only while the session that subscribed is alive: an idle-expired one's device is told nothing.
    const subscriptions = await this.#db
      .selectFrom('push_subscriptions')
      .innerJoin('sessions', 'sessions.id', 'push_subscriptions.session_id')
      .select(['push_subscriptions.endpoint', 'push_subscriptions.user_id', 'push_subscriptions.p256dh', 'push_subscriptions.auth'])
      .where('push_subscriptions.user_id', 'in', recipients)
      .where('sessions.expires_at', '>', now)
      .execute();
    if (subscriptions.length === 0) return;
    // Quiet hours: the inbox has it; the phone stays quiet (care workers sleep between shifts).
    const settings = await this.#settingsOf(recipients);
    const quiet = new Set(recipients.filter((id) => inQuietHours(settings.get(id) ?? DEFAULT_PUSH_SETTINGS, new Date(now))));
    // The topics the person wants on their phone (and the spaces they muted).
    const wanted = await this.#choices.wanted(rows, 'push');
    const { actors, spaces } = await namesOf(this.#db, wanted);
    for (const row of wanted) {
      if (!isNotificationKind(row.kind)) continue;
      const devices = subscriptions.filter((s) => s.user_id === row.recipient_id);
      if (devices.length === 0 || quiet.has(row.recipient_id)) continue;
      // Checked again now: a person deactivated or taken out of the space since gets nothing.
      const user = await this.#accounts.userById(row.recipient_id);
      if (!user?.active) continue;
      if (row.document !== null && !readsAnyVersion(await this.#accounts.accessUser(user, now), row.document, now)) continue;
      const payload = this.#payload(row, row.kind, actors, spaces);
      await Promise.all(devices.map((device) => this.#deliver(device, payload)));
    }
  }

  #payload(row: NotificationRow, kind: NotificationKind, actors: Map<string, string>, spaces: Map<string, { name: string }>): PushPayload {
    const spaceName = row.space_id ? (spaces.get(row.space_id)?.name ?? null) : null;
    return {
      kind,
      tag: row.id,
      title: spaceName ?? 'Kring',
      body: pushText(kind, row.actor_id ? (actors.get(row.actor_id) ?? null) : null),
      link: notificationLink(kind, { spaceId: row.space_id, document: row.document, subject: row.subject }) ?? '/notifications',
    };
  }

  /** One device: encrypted and signed by web-push, sent here; a 404 or 410 means the subscription is gone. */
  async #deliver(device: Subscription, payload: PushPayload): Promise<void> {
    const vapid = this.#vapid!;
    // Checked again when sent: the list may have changed since the device subscribed.
    if (!this.#origins.allows(device.endpoint)) return;
    const details = webpush.generateRequestDetails({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, JSON.stringify(payload), {
      vapidDetails: vapid,
      TTL: TTL_SECONDS,
      contentEncoding: 'aes128gcm',
    });
    let status: number;
    try {
      status = await this.#post(details.endpoint, details.headers, details.body as Buffer, this.#origins.listedExactly(device.endpoint));
    } catch (error) {
      console.error(`push: ${new URL(device.endpoint).host} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (status === 404 || status === 410) {
      await this.#db.deleteFrom('push_subscriptions').where('endpoint', '=', device.endpoint).execute();
    } else if (status >= 400) {
      console.error(`push: ${new URL(device.endpoint).host} answered ${status}`);
    }
  }

  #post(endpoint: string, headers: Record<string, string | number>, body: Buffer, mayBePrivate: boolean): Promise<number> {
    const url = new URL(endpoint);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!mayBePrivate && isIP(host) !== 0 && !isPublicAddress(host)) return Promise.reject(new Error('not a public address'));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: 'POST', headers, timeout: SEND_TIMEOUT_MS, lookup: mayBePrivate ? undefined : publicLookup }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/**
 * The server's VAPID keys: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (made once with `npx web-push
 * generate-vapid-keys`), else, in demo mode, a pair kept in DATA_DIR/vapid.json; else none (push is off).
 */
export function vapidKeysFor({ publicKey, privateKey, subject, demo, dataDir }: { publicKey?: string; privateKey?: string; subject?: string; demo: boolean; dataDir: string }): VapidKeys | null {
  const who = subject || 'mailto:beheer@kring.invalid';
  if (publicKey && privateKey) {
    // Throws with the library's reason when a key is malformed: better at start than at the first push.
    webpush.setVapidDetails(who, publicKey, privateKey);
    return { publicKey, privateKey, subject: who };
  }
  if (publicKey || privateKey) throw new Error('Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (e.g. from `npx web-push generate-vapid-keys`), or neither.');
  if (!demo) return null;
  const file = join(dataDir, 'vapid.json');
  try {
    writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Made before (or just now by the other process on this data folder): keep it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const kept = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  return { publicKey: kept.publicKey, privateKey: kept.privateKey, subject: who };
}
