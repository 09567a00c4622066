/**
 * "Meldingen op dit toestel": this device's Web Push subscription. Switching on asks the browser's permission,
 * subscribes with the server's key and tells the server; switching off unsubscribes here and there. The browser
 * keeps the subscription itself; it goes in the one wipe at logout (client/wipe.ts), and the server forgets it
 * with the session in any case.
 */
import { api } from '$lib/api/client.ts';

export type PushState = 'unsupported' | 'off' | 'on' | 'blocked';

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || typeof PushManager === 'undefined' || typeof Notification === 'undefined') return null;
  return (await navigator.serviceWorker.getRegistration()) ?? null;
}

/** Whether this device gets push messages now. */
export async function pushState(): Promise<PushState> {
  const reg = await registration();
  if (!reg) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return (await reg.pushManager.getSubscription()) ? 'on' : 'off';
}

/** Switches push on for this device; says why not when it cannot. */
export async function switchPushOn(): Promise<PushState | 'failed'> {
  const reg = await registration();
  if (!reg) return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return Notification.permission === 'denied' ? 'blocked' : 'off';
  const key = await api.push.key();
  if (!key.ok) return 'failed';
  try {
    const subscription = (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key.body.publicKey }));
    const json = subscription.toJSON();
    const sent = await api.push.subscribe({ endpoint: subscription.endpoint, expirationTime: subscription.expirationTime, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } });
    if (sent.ok) return 'on';
    await subscription.unsubscribe();
    return 'failed';
  } catch {
    return 'failed';
  }
}

/** Switches push off for this device, here and on the server. */
export async function switchPushOff(): Promise<PushState> {
  const reg = await registration();
  const subscription = await reg?.pushManager.getSubscription();
  if (subscription) {
    await api.push.unsubscribe(subscription.endpoint);
    await subscription.unsubscribe();
  }
  return reg ? 'off' : 'unsupported';
}
