// The most common passwords of public breach corpora that are 8 characters or longer (shorter ones
// are refused by length anyway). NIST SP 800-63B 5.1.1.2: refuse values known to be commonly used.
export const COMMON_PASSWORDS = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '123123123', '11111111', '00000000', '87654321',
  '88888888', '987654321', '123456123', '11223344', '12341234', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx',
  'qwertyuiop', 'qwerty123', 'qwertyui', 'qwerty12', 'asdfghjkl', 'zaq12wsx', 'password', 'password1',
  'password12', 'password123', 'password!', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'iloveyou', 'iloveyou1',
  'sunshine', 'princess', 'football', 'baseball', 'welcome1', 'welcome123', 'abcd1234', 'abc12345',
  'abcdefgh', 'admin123', 'administrator', 'letmein1', 'trustno1', 'superman', 'starwars', 'whatever',
  'computer', 'michelle', 'jennifer', 'jordan23', 'liverpool', 'chocolate', 'butterfly', 'basketball',
  'internet', 'samantha', 'master123', 'changeme', 'changeme123', 'secret123', 'q1w2e3r4', 'q1w2e3r4t5',
  'aa123456', 'a1234567', 'a12345678', 'zxcvbnm1', 'asdf1234', 'qazwsxedc', 'mustang1', 'shadow12',
  'monkey12', 'dragon12', 'michael1', 'charlie1', 'pokemon1', 'gatehouse', 'gatehouse1', 'gatehouse123',
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}
