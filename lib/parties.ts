import type { Party } from "./schemas/explanation";

/** "Who can fix it", as the transcript and the walkthrough show it. */
export const PARTY_LABEL: Record<Party, string> = {
  sender: "The sender (the account or app sending the mail)",
  "recipient-admin": "The recipient's mail administrator",
  "server-admin": "The administrator of this mail server",
  dns: "Whoever manages the domain's DNS",
  network: "The network or hosting provider",
  tester: "You, the person running this test",
  nobody: "Nobody: nothing needs fixing",
};

/** The same, mid-sentence and with what to fix, for the escalation note ("**Who should act:** …"). */
export const PARTY_WORDS: Record<Party, string> = {
  sender: "the sender (whoever sends the mail: fix the message or the sending account)",
  "recipient-admin": "the recipient's mail administrator",
  "server-admin": "the administrator of the tested mail server",
  dns: "whoever runs the DNS zone",
  network: "the network or firewall administrator",
  tester: "the person running this test (what to do is above)",
  nobody: "nobody: this is expected behaviour",
};
