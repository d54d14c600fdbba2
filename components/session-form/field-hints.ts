import { REQUEST_FIELD_TEXT } from "@/lib/schemas/request-fields";

const described = (key: keyof typeof REQUEST_FIELD_TEXT) => REQUEST_FIELD_TEXT[key];

/** Hints under the controls: the schema's own `.describe()` texts where it has them. */
export const HINTS = {
  target: `${described("target")}, e.g. example.com, mail.example.com or 192.0.2.25.`,
  port: `${described("port")}.`,
  tls: {
    auto: "Implicit TLS on 465; elsewhere STARTTLS when the server offers it.",
    starttls: "Fail unless the server offers STARTTLS and the upgrade succeeds.",
    implicit: "TLS from the first byte, as on port 465.",
    none: "Plaintext only: never upgrade.",
  },
  from: `${described("from")}; HeloDesk uses a test address when left blank.`,
  fromRequired: `${described("from")}: the sender of the test message.`,
  to: "One or more addresses, separated by commas or spaces.",
  toRelay: "One or more addresses outside the server's domains; an outside test address when left blank.",
  subject: "Defaults to a HeloDesk test subject.",
  dsn: `${described("dsn")}.`,
  chunking: `${described("chunking")}.`,
  mx: `${described("mx")}.`,
  helo: `${described("helo")}; HeloDesk's own name when left blank.`,
  token: "OAuth 2.0 access token; kept in this tab only, never in the link.",
  password: "Kept in this tab only: never put in the link, stored or logged.",
} as const;
