/**
 * The password rule (shared/passwordRule.ts, NIST SP 800-63B): at sign-up a password of the
 * minimum length is refused if it is one repeated character, only spaces, a common password, a
 * keyboard or number sequence, or the person's own name or email, with a message that says which;
 * nothing is created. Strong passwords of any composition pass.
 */
import { describe, expect, it } from 'vitest';
import { AccountLimits } from '../../../shared/auth';
import { passwordProblem } from '../../../shared/passwordRule';
import { createUser, signupBody } from '../../helpers/accounts';
import { expectApiError, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

describe('the password rule at sign-up', () => {
  it.each([
    ['one character repeated', 'aaaaaaaaaa', /must not be one character repeated/],
    ['ten spaces', ' '.repeat(10), /must not be only spaces/],
    ['a common password', 'password123', /too easy to guess: it is a common password/],
    ['a row of keys', 'qwertyuiop', /too easy to guess/],
    ['a number sequence', '1234567890', /too easy to guess/],
    ['a repeated pattern', 'ab12ab12ab', /too easy to guess: it repeats/],
    ['the person’s own name', 'maria.lopez1', /contains your name, your email or the name of this service/],
    ['the service’s name', 'Casewrite2024', /contains your name, your email or the name of this service/],
  ])('refuses %s with a message saying what is wrong, and creates nothing', async (_what, password, message) => {
    const server = await resources.startServer();
    expect(password.length).toBeGreaterThanOrEqual(AccountLimits.minPasswordLength);
    const body = { ...signupBody({ password, email: 'maria.lopez@clinic.test' }), name: 'Maria Lopez' };
    const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body });
    const error = await expectApiError(response, 400);
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/password/);
    expect(error.message).toMatch(message);
    expect(response.headers.getSetCookie()).toEqual([]);
    // Nothing was created: the same address signs up with a strong password, as the first account.
    expect((await createUser(server, { email: 'maria.lopez@clinic.test' })).user.isAdmin).toBe(true);
  });

  it('accepts strong passwords whatever their composition: a passphrase, spaces inside, no digits', () => {
    for (const password of ['correct horse battery staple', 'mydog rex runs fast', 'Q8v!ramp2k', 'oak-7-lumen']) {
      expect(passwordProblem(password), password).toBeNull();
    }
  });
});
