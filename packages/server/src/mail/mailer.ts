/**
 * Sending e-mail (password reset links, the digest). Over SMTP with nodemailer where `SMTP_URL` is set; in demo mode without
 * it, each mail is written to stderr, so a reset can be tried on a laptop; otherwise there is no mail at all and
 * e-mail reset is off (an administrator's code still works).
 */
import { createTransport } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Extra header fields, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface MailConfig {
  /** e.g. smtp://user:pass@mail.example.org:587 or smtps://…:465 */
  smtpUrl?: string;
  /** The sender, e.g. `Kring <kring@example.org>`. */
  from?: string;
  demo: boolean;
}

export const DEFAULT_MAIL_FROM = 'Kring <kring@localhost>';

/** The mailer for this configuration, or null when the server cannot send mail. */
export function mailerFor(config: MailConfig): Mailer | null {
  const from = config.from || DEFAULT_MAIL_FROM;
  if (config.smtpUrl) {
    const transport = createTransport(config.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from, ...mail });
      },
    };
  }
  if (config.demo) {
    return {
      async send(mail) {
        const headers = Object.entries(mail.headers ?? {}).map(([field, value]) => `${field}: ${value}\n`);
        process.stderr.write(`--- e-mail (demo, no SMTP_URL) ---\nFrom: ${from}\nTo: ${mail.to}\nSubject: ${mail.subject}\n${headers.join('')}\n${mail.text}\n---\n`);
      },
    };
  }
  return null;
}
