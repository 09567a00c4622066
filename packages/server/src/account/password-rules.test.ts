import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, passwordWeakness } from './password-rules.ts';

const anna = { name: 'Anna de Vries', email: 'anna@kring.test' };

describe('passwordWeakness', () => {
  it('refuses anything shorter than the minimum, however random', () => {
    expect(passwordWeakness('x7#Qp!2v', anna)).toBe('too_short');
    expect(passwordWeakness('ë'.repeat(PASSWORD_MIN_LENGTH - 1), anna)).toBe('too_short');
  });

  it('refuses a password longer than 256 characters', () => {
    expect(passwordWeakness('kX9!mQ2#vL'.repeat(26), anna)).toBe('too_long');
  });

  it('refuses well-known passwords and Dutch words with a number, also when they are long enough', () => {
    for (const password of ['wachtwoord123', 'welkom12345', 'qwertyuiop', 'password1234', 'amsterdam2025']) {
      expect([password, passwordWeakness(password, anna)]).toEqual([password, 'common']);
    }
  });

  it("refuses a password built from the person's own name or login name", () => {
    expect(passwordWeakness('annadevries1', anna)).toBe('personal');
    expect(passwordWeakness('vriesanna2026', anna)).toBe('personal');
  });

  it('refuses patterns tried early: repeats and sequences', () => {
    expect(passwordWeakness('1234567890', anna)).not.toBeNull();
    expect(passwordWeakness('aaaaaaaaaaaa', anna)).not.toBeNull();
  });

  it('accepts a passphrase of unrelated words and a long random password', () => {
    expect(passwordWeakness('paard batterij nietje juist', anna)).toBeNull();
    expect(passwordWeakness('tV8#kq2!Lm0z', anna)).toBeNull();
  });

  it('refuses the demo password, which everybody can read in the README', () => {
    expect(passwordWeakness('kring-demo', anna)).not.toBeNull();
  });
});
