/**
 * The words servers use for why they refused, shared by the reply annotation and the relay test's
 * verdict, so a reply the annotation explains as "user unknown" or "block list" is never the relay
 * test's "relaying refused".
 */

export const USER_UNKNOWN =
  /user unknown|unknown (user|recipient|mailbox)|no such (user|mailbox|recipient|address)|(recipient|mailbox|user|address) (does not|doesn't) exist|recipient not found|mailbox not found|invalid recipient/i;
export const BLOCKLIST =
  /spamhaus|spamcop|barracuda|sorbs|spamrats|blocked using|block ?list|black ?list|dnsbl|\brbl\b|banned sending ip|reputation|unsolicited mail/i;
/** A client the server knows is an end user's connection, not a mail server (Gmail's wording; Spamhaus's PBL). */
export const END_USER_ADDRESS =
  /not authori[sz]ed to send (e-?mail )?directly|NotAuthorizedError|\bpbl\b|dynamic(ally assigned)? (ip|address|range)|residential (ip|address)|dial-?up/i;
export const PTR = /reverse (dns|lookup|hostname)|\bptr\b|\brdns\b|cannot find your (reverse )?hostname/i;
export const SPF = /\bspf\b/i;
export const DMARC = /\bdmarc\b/i;

export const HELO_NAME = /\bhelo\b|\behlo\b/i;
export const RATE_LIMIT = /too (much|many)|\brate\b|\blimit/i;
/** The sender, this client, a block of this address, its reverse DNS. */
const SENDER_OR_CLIENT = /\bsender\b|\bclient\b|\bblocked\b|\breverse\b/i;

/** A refusal that names another reason than relaying: the sender, this client, its HELO name, a rate, a block list, an end user's address, DNS, SPF, DMARC. */
export function namesAnotherReason(text: string): boolean {
  return [SENDER_OR_CLIENT, HELO_NAME, RATE_LIMIT, BLOCKLIST, END_USER_ADDRESS, PTR, SPF, DMARC].some((words) => words.test(text));
}

/** The summary of a reply read as greylisting (annotate-rules.ts); the send check tells a deferral from a refusal by it. */
export const GREYLISTED = "Most likely greylisting: the server turns away a first attempt from an unknown sender and accepts the retry.";
