/**
 * The mails Casewrite sends. Plain text, and never a letter's title or case details: titles often
 * carry the name of the person in detention, and mail crosses servers we do not control. The
 * link leads to the app, which shows the rest to whoever holds it.
 */
import type { LetterRole } from '../../shared/roles';
import { ROLE_LABEL } from '../../shared/roles';
import type { MailMessage } from './mailer';

/** An invite to a letter, with its one-time link. */
export function inviteMail(invite: { to: string; inviterName: string; role: LetterRole; link: string; expiresAt: string }): MailMessage {
  return {
    to: invite.to,
    subject: 'You are invited to a letter on Casewrite',
    text: [
      `${invite.inviterName} invited you to work on a letter on Casewrite as ${ROLE_LABEL[invite.role].toLowerCase()}.`,
      '',
      'Open this link to see the letter and accept (you can sign in or create an account there):',
      invite.link,
      '',
      `The link works once, until ${invite.expiresAt} (UTC). Do not forward it: whoever opens it can join the letter.`,
      'If you did not expect this invite, ignore this mail.',
    ].join('\n'),
  };
}

/** The link that confirms a new account's address and creates the account. */
export function signupVerificationMail(message: { to: string; link: string; expiresAt: string }): MailMessage {
  return {
    to: message.to,
    subject: 'Confirm your email address for Casewrite',
    text: [
      'Someone (probably you) asked to create a Casewrite account with this email address.',
      '',
      'Open this link to confirm the address and finish creating the account:',
      message.link,
      '',
      `The link works once, until ${message.expiresAt} (UTC).`,
      'If it was not you, ignore this mail: no account is created without this link.',
    ].join('\n'),
  };
}

/** Tells the holder of an address that someone tried to sign up with it again. */
export function existingAccountNotice(message: { to: string; signInUrl: string }): MailMessage {
  return {
    to: message.to,
    subject: 'Someone tried to create a Casewrite account with your address',
    text: [
      'Someone asked to create a Casewrite account with this email address, but you already have one.',
      'Nothing was changed and no new account was created.',
      '',
      `If it was you, sign in instead: ${message.signInUrl}`,
      'If it was not you, you can ignore this mail.',
    ].join('\n'),
  };
}
