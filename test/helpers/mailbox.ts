/**
 * A real SMTP server in the test process (`smtp-server`, from nodemailer's authors) that keeps
 * every message it is handed, so tests read what Casewrite mailed, as the recipient's mail server would.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { expect, vi } from 'vitest';
import type { TestResources } from './resources';

/** One delivered message, decoded. */
export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  subject: string;
  /** The plain-text body. */
  text: string;
  /** The From header as sent. */
  from: string;
}

/** A running mailbox server. */
export interface Mailbox {
  /** The settings to start Casewrite with (`smtp://127.0.0.1:<port>`). */
  settings: { smtpUrl: string; from: string };
  /** Everything received, in order. */
  readonly mails: ReceivedMail[];
  /** Waits until a message to `to` (and with a subject matching `subject`) has arrived; returns the latest. */
  waitForMail(to: string, subject?: RegExp): Promise<ReceivedMail>;
  /** Mails received for `to`. */
  mailsTo(to: string): ReceivedMail[];
}

/** Starts a mailbox server on port 0, stopped after the test; `refuse` makes it reject every recipient. */
export async function startMailbox(resources: Pick<TestResources, 'defer'>, options: { refuse?: boolean } = {}): Promise<Mailbox> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    closeTimeout: 500,
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(options.refuse ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ ...parseMessage(Buffer.concat(chunks).toString('utf8')), to: session.envelope.rcptTo.map((address) => address.address.toLowerCase()) });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  resources.defer(() => new Promise<void>((resolve) => server.close(resolve)));
  // listen() on a TCP port: the address is an AddressInfo.
  const { port } = server.server.address() as AddressInfo;
  const mailsTo = (to: string) => mails.filter((mail) => mail.to.includes(to.toLowerCase()));
  return {
    settings: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Casewrite <casewrite@casewrite.test>' },
    mails,
    mailsTo,
    async waitForMail(to, subject) {
      return vi.waitFor(() => {
        const found = mailsTo(to).filter((mail) => !subject || subject.test(mail.subject));
        expect(found.length, `a mail to ${to}${subject ? ` about ${subject}` : ''}`).toBeGreaterThan(0);
        return found[found.length - 1] as ReceivedMail; // length checked just above
      });
    },
  };
}

/** The first link in a mail's text that goes to `path` (such as `/invites/`). */
export function linkIn(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`https?://\\S+${path}\\S+`).exec(mail.text);
  expect(match, `a link to ${path} in:\n${mail.text}`).not.toBeNull();
  return match?.[0] ?? '';
}

/** Headers and plain-text body of a single-part message (what Casewrite sends). */
function parseMessage(raw: string): Omit<ReceivedMail, 'to'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  return { subject: header('Subject'), from: header('From'), text: decodeBody(body, encoding).replace(/\r\n/g, '\n').trimEnd() };
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const text = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
