/**
 * Outgoing mail through the operator's SMTP server (SMTP_URL, MAIL_FROM): invite links, address
 * confirmations and notices. Without SMTP configured there is no mailer, and the owner passes
 * invite links on themselves.
 */
import { createTransport } from 'nodemailer';
import { ApiException } from '../http/errors';
import type { Logger } from '../logger';

/** One plain-text message. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail. */
export interface Mailer {
  /** Resolves once the SMTP server took the message; otherwise logs why and throws 502 mail_failed. */
  send(message: MailMessage): Promise<void>;
  /** Closes pooled connections at shutdown. */
  close(): void;
}

/** Where and as whom to send. */
export interface MailSettings {
  /** smtp:// or smtps:// URL, with credentials in it when the server needs them. */
  smtpUrl: string;
  /** The From header, such as `Casewrite <casewrite@example.org>`. */
  from: string;
}

// A request waits for its mail to be handed over, so a stuck SMTP server must fail it in seconds
// (nodemailer's defaults are minutes).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

/** The answer when the SMTP server did not take a message. */
export function mailFailed(): ApiException {
  return new ApiException(502, 'mail_failed', 'The email could not be sent. Nothing was changed; try again in a few minutes, or ask the administrator to check the mail settings.');
}

/** A mailer on the configured SMTP server. */
export function createSmtpMailer(settings: MailSettings, log: Logger): Mailer {
  const transport = createTransport(settings.smtpUrl, { from: settings.from, ...TIMEOUTS });
  return {
    async send(message) {
      try {
        await transport.sendMail({ to: message.to, subject: message.subject, text: message.text });
      } catch (error) {
        // The reason only (not the error object, which may carry the message and its link).
        log.error('mail not sent', { subject: message.subject, reason: error instanceof Error ? error.message : String(error) });
        throw mailFailed();
      }
    },
    close() {
      transport.close();
    },
  };
}
