import type MimeNode from "nodemailer/lib/mime-node";

type Encoders = { qp: typeof import("nodemailer/lib/qp"); base64: typeof import("nodemailer/lib/base64") };

let encoders: Promise<Encoders> | null = null;

/** nodemailer's own body encoders; mail-composer already loaded them, so this costs no file reads. */
export function loadEncoders(): Promise<Encoders> {
  encoders ??= Promise.all([import("nodemailer/lib/qp"), import("nodemailer/lib/base64")]).then(([qp, base64]) => ({ qp, base64 }));
  return encoders;
}

/**
 * A single-part text message built in one synchronous pass: nodemailer's headers (buildHeaders) and
 * nodemailer's encoders, joined the way MimeNode.stream joins a leaf node. MimeNode.build() gets the
 * same bytes through a pipeline of streams, and that plumbing (setImmediate hops, AbortSignals) costs
 * more than the message itself; server/engine/mime-build.test.ts holds the two to the same output.
 * Anything else (multipart, raw, streams, transforms) returns null: build() it is.
 */
export function buildLeafSync(node: MimeNode, { qp, base64 }: Encoders): string | null {
  const n = node as MimeNode & { multipart?: unknown; childNodes: unknown[]; content?: unknown; _raw?: unknown; _transforms: unknown[]; _processFuncs: unknown[]; newline?: unknown };
  if (n.multipart || n.childNodes.length > 0 || n._raw || n.newline || n._transforms.length > 0 || n._processFuncs.length > 0) return null;
  const content = n.content;
  if (content !== undefined && content !== null && content !== "" && typeof content !== "string") return null;
  let body = "";
  if (content) {
    const encoding = node.getTransferEncoding();
    if (encoding === "quoted-printable") {
      const encoded = encodeQp(content, qp);
      if (encoded === null) return null;
      body = encoded;
    }
    else if (encoding === "base64") body = base64.wrap(base64.encode(content), 76);
    else body = content;
  }
  const text = `${node.buildHeaders()}\r\n\r\n${body}`;
  // MimeNode's LastNewline: the message always ends with a line break.
  const tail = text.endsWith("\n") ? "" : text.endsWith("\r") ? "\n" : "\r\n";
  return text + tail;
}

/** Blanks ending the body wait, as in qp.Encoder, until it is known that nothing follows them. */
const QP_SLICE_BYTES = 64 * 1024;

/** qp.Encoder's output for a body given in one piece: the body, then its trailing blanks, each wrapped on. */
function encodeQp(content: string, qp: Encoders["qp"]): string | null {
  const bytes = Buffer.from(content, "utf8");
  // Past one slice qp.Encoder wraps slice by slice: build() handles that.
  if (bytes.length > QP_SLICE_BYTES) return null;
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
  const head = qp.wrap(qp.encode(bytes.subarray(0, end)), 76);
  if (end === bytes.length) return head;
  const lastLf = head.lastIndexOf("\n");
  return head.slice(0, lastLf + 1) + qp.wrap(head.slice(lastLf + 1) + qp.encode(bytes.subarray(end)), 76);
}
