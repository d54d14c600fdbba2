import type { ConnectionValues, WalkStep } from "@/lib/console-assist";

export interface StepContent {
  title: string;
  /** What the step does, in plain words. */
  what: string;
  /** Why a help desk runs it. */
  why: string;
  /** What to check when it fails; the reply's own explanation comes first. */
  failed: string;
}

/** What to check when a step got no reply at all: no code was sent, so no code's advice applies. */
export const NO_ANSWER =
  "No reply came, so the server neither accepted nor refused anything: it hung up or went silent. A firewall or filter between you and the server may have cut the connection, the server may have dropped it (overloaded, or put off by something earlier in the conversation), or it is very slow. Run the walkthrough again; if it stops at the same step every time, ask the server's administrator to look in its log for this connection at this time.";

/** The steps of Microsoft KB 153119 ("test SMTP with telnet"), explained for a help desk. */
export const STEP_CONTENT: Record<WalkStep, StepContent> = {
  connect: {
    title: "Connect",
    what: "Opens a connection to the mail server, like typing telnet host 25, and reads its first line: the greeting, which should start with 220.",
    why: "If nothing answers, no mail can arrive at all: the server is down, the name points to the wrong place, or a firewall blocks the port.",
    failed:
      "Check the host name and the port. Many home, office and cloud networks block outgoing port 25: try another network, or the submission port 587. A greeting starting with 554 means the server refuses your address outright.",
  },
  ehlo: {
    title: "Say hello (EHLO)",
    what: "Introduces HeloDesk by name. The server answers with the extensions it supports: the size limit, STARTTLS, AUTH and more.",
    why: "Every SMTP conversation starts with EHLO (or the older HELO), and the answer shows what the server can do.",
    failed: "If EHLO is refused with 500 or 502, the server only knows the old command: change EHLO to HELO and run the step again.",
  },
  starttls: {
    title: "Encrypt (STARTTLS)",
    what: "Asks to switch this connection to TLS encryption. After a 220 answer both sides negotiate TLS before saying anything else.",
    why: "The server offered STARTTLS. Many servers expect senders to encrypt, and some refuse mail otherwise.",
    failed:
      "A 454 means TLS is not available right now: the server's certificate or TLS settings need attention from its administrator. You can skip this step and go on without encryption to test delivery.",
  },
  "ehlo-tls": {
    title: "Say hello again (EHLO over TLS)",
    what: "After STARTTLS the server forgets the earlier conversation, so EHLO is sent again, now encrypted.",
    why: "RFC 3207 requires it, and the list of extensions often changes inside TLS: AUTH usually appears only now.",
    failed: "If EHLO fails right after TLS started, the server's TLS setup is broken: report it to its administrator.",
  },
  "mail-from": {
    title: "Sender (MAIL FROM)",
    what: "Starts a message and gives the sender's address: the envelope sender, where bounces go.",
    why: "The server checks the sender here: blocked domains, SPF, and whether you must log in first.",
    failed:
      "550 or 553: the sender is refused. Check the address is spelled right and that this server accepts mail from its domain (SPF). 530 5.7.0: the server wants you to log in first; on a submission port (587) that is normal.",
  },
  "rcpt-to": {
    title: "Recipient (RCPT TO)",
    what: "Gives the recipient's address. The server says whether it will take mail for it.",
    why: "Most delivery problems show up here: unknown users, relay refusals, full mailboxes.",
    failed:
      "550 5.1.1: the mailbox does not exist, so check the spelling. 550 5.7.1 Unable to relay: this server does not accept mail for that domain from you, so check the recipient's domain is one this server hosts (its MX), or authenticate first. 452: the mailbox is full or the server is busy, so try again later.",
  },
  data: {
    title: "Start the message (DATA)",
    what: "Tells the server the message comes next. It should answer 354: send the message and end it with a line containing only a dot.",
    why: "The answer shows whether the sender and recipient were accepted well enough to send a message.",
    failed: "503 means a step before was refused or skipped, usually the recipient. 554 means the server refuses this message before seeing it.",
  },
  body: {
    title: "Message and final dot",
    what: "Sends the message line by line: headers (From, To, Subject, Date), a blank line and the text, then a line with only a dot to end it.",
    why: "The answer to the dot says whether the server accepted the message for delivery. A 250 usually carries a queue id that finds the message in the server's logs.",
    failed:
      "550 or 554 here means the message itself was refused: spam or content filters, policy or size limits. The reply's text often names the reason; a 4xx means try again later.",
  },
  quit: {
    title: "Say goodbye (QUIT)",
    what: "Ends the conversation politely. The server answers 221 and closes the connection.",
    why: "Closing cleanly frees the server's connection slot at once, instead of waiting for a timeout.",
    failed: "A failed QUIT does no harm: the test is over either way.",
  },
  summary: {
    title: "Summary",
    what: "What each step sent, what came back, and what it means.",
    why: "Copy it into the ticket: it says where mail stops and who can fix it.",
    failed: "",
  },
};

const implicitTls = (v: ConnectionValues) => v.tls === "implicit" || (v.tls === "auto" && v.port.trim() === "465");

/** The command KB 153119 types for this step; with implicit TLS, telnet cannot do it, openssl can. */
export function connectCommand(v: ConnectionValues): string {
  const host = v.target.trim() || "…";
  const port = v.port.trim() || "25";
  return implicitTls(v) ? `openssl s_client -connect ${host}:${port} -crlf` : `telnet ${host} ${port}`;
}
