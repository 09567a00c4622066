import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_ORIGINS, isPublicAddress, PushOrigins } from './push.ts';
import { pushText } from './texts.ts';

describe('push origins', () => {
  const browsers = new PushOrigins(DEFAULT_PUSH_ORIGINS);

  it("accepts the browsers' push services, a wildcard only for hosts under its domain", () => {
    expect(browsers.allows('https://fcm.googleapis.com/fcm/send/abc')).toBe(true);
    expect(browsers.allows('https://updates.push.services.mozilla.com/wpush/v2/abc')).toBe(true);
    expect(browsers.allows('https://db5p.notify.windows.com/w/?token=abc')).toBe(true);
    expect(browsers.allows('https://web.push.apple.com/abc')).toBe(true);
    expect(browsers.allows('https://push.apple.com/abc')).toBe(false);
    expect(browsers.allows('https://evilpush.apple.com.example.org/abc')).toBe(false);
    expect(browsers.allows('http://fcm.googleapis.com/fcm/send/abc')).toBe(false);
    expect(browsers.allows('https://fcm.googleapis.com:8443/fcm/send/abc')).toBe(false);
    expect(browsers.allows('https://user:pw@fcm.googleapis.com/fcm/send/abc')).toBe(false);
    expect(browsers.allows('https://10.0.0.1/abc')).toBe(false);
    expect(browsers.allows('not a url')).toBe(false);
  });

  it('accepts an http or loopback origin only where written out exactly, and refuses what is no origin', () => {
    const local = new PushOrigins(['http://127.0.0.1:4567']);
    expect(local.allows('http://127.0.0.1:4567/device/1')).toBe(true);
    expect(local.listedExactly('http://127.0.0.1:4567/device/1')).toBe(true);
    expect(local.allows('http://127.0.0.1:4568/device/1')).toBe(false);
    expect(local.allows('http://localhost:4567/device/1')).toBe(false);
    expect(new PushOrigins(['https://*.example.org']).allows('https://[::1]/x')).toBe(false);
    expect(() => new PushOrigins(['https://push.example.org/path'])).toThrow(/PUSH_ENDPOINT_ORIGINS/);
    expect(() => new PushOrigins(['ftp://push.example.org'])).toThrow(/PUSH_ENDPOINT_ORIGINS/);
  });

  it('tells public addresses from private, loopback, link-local and mapped ones', () => {
    expect(isPublicAddress('142.250.74.106')).toBe(true);
    expect(isPublicAddress('2a00:1450:400e:80c::200a')).toBe(true);
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '100.64.0.1', 'geen']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('says who did what without a quote, and something for a kind without words', () => {
    expect(pushText('mention', 'Anna de Vries')).toBe('Anna de Vries noemde u');
    expect(pushText('news', null)).toBe('Nieuw nieuwsbericht');
    expect(pushText('reply', null)).toBe('Iemand reageerde op uw bericht');
    expect(pushText('onbekend' as never, 'Anna')).toBe('Er is iets nieuws voor u');
  });
});
