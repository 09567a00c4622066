import { describe, expect, it, vi } from 'vitest';
import { mailerFor } from './mailer.ts';

describe('mailerFor', () => {
  it('sends nothing without SMTP outside demo mode: e-mail reset is off', () => {
    expect(mailerFor({ demo: false })).toBeNull();
  });

  it('writes each mail to stderr in demo mode without SMTP, with its sender', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      await mailerFor({ demo: true, from: 'Kring <kring@zorg.test>' })!.send({ to: 'anna@zorg.test', subject: 'Nieuw wachtwoord', text: 'De link.' });
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(/From: Kring <kring@zorg\.test>\nTo: anna@zorg\.test\nSubject: Nieuw wachtwoord\n\nDe link\./);
  });
});
