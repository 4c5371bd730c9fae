// The one-time initial password of a new user. The API takes the password from the
// administrator (it does not make one), so the browser draws it from crypto.getRandomValues:
// 16 characters from 56 letters and digits without look-alikes (0/O, 1/l/I), about 93 bits.
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const length = 16;

export function generateInitialPassword(): string {
  const out: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 56).
  const limit = 256 - (256 % alphabet.length);
  const bytes = new Uint8Array(64);
  while (out.length < length) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < limit && out.length < length) out.push(alphabet[byte % alphabet.length]!);
    }
  }
  return out.join('');
}
