/** The password reset e-mail and link, in Dutch (the organisation's language); the code travels in the fragment. */
import type { IssuedReset, Mail } from '@kring/server';

/** The /reset link with the code after `#`: a browser never sends the fragment, so the code is in no server log. */
export function resetLink(origin: string, code: string): string {
  return `${origin}/reset#code=${code}`;
}

export function resetMail(issued: IssuedReset, origin: string): Mail {
  const link = resetLink(origin, issued.code);
  return {
    to: issued.person.email,
    subject: 'Nieuw wachtwoord voor Kring',
    text: [
      `Beste ${issued.person.name},`,
      '',
      'U heeft gevraagd om een nieuw wachtwoord voor Kring. Kies een nieuw wachtwoord via deze link:',
      '',
      link,
      '',
      'De link werkt één keer en één uur lang.',
      'Heeft u dit niet gevraagd? Dan hoeft u niets te doen: uw wachtwoord blijft hetzelfde.',
    ].join('\n'),
  };
}
