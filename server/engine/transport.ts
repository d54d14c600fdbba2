import net, { type Socket } from "node:net";
import tls, { type TLSSocket } from "node:tls";
import { sessionError } from "./errors";

export interface ConnectOptions {
  address: string;
  port: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface TlsOptions {
  /** SNI and the name the certificate is checked against; omitted for IP literals. */
  servername?: string;
  /** Extra PEM CA to trust besides the system's roots. */
  trustCa?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Sockets come from here; injected into the session so tests can hand it hostile peers. */
export interface Transport {
  connect(options: ConnectOptions): Promise<Socket>;
  /** Wraps a connected socket in TLS (implicit TLS, or after STARTTLS's 220). */
  startTls(socket: Socket, options: TlsOptions): Promise<TLSSocket>;
}

/**
 * The real transport. The connect goes to the exact address the target policy checked: the address is
 * an IP literal and `lookup` refuses to resolve anything else, so no second DNS answer can slip in.
 */
export const nodeTransport: Transport = {
  connect({ address, port, timeoutMs, signal }) {
    return new Promise<Socket>((resolve, reject) => {
      const family = net.isIP(address);
      if (family === 0) {
        reject(sessionError("connect-failed", `${address} is not an IP address`));
        return;
      }
      const socket = net.connect({
        host: address,
        port,
        family,
        noDelay: true,
        lookup: (_host, _opts, cb) => {
          // Only reached if Node decided to resolve: answer with the checked address and nothing else.
          (cb as (e: Error | null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
        },
      });
      const done = (err?: Error) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        socket.off("error", onError);
        socket.off("connect", onConnect);
        if (err) {
          socket.destroy();
          reject(err);
        } else {
          resolve(socket);
        }
      };
      const onConnect = () => done();
      const onError = (err: NodeJS.ErrnoException) => done(connectError(err, address, port));
      const onAbort = () => done(sessionError("cancelled", "cancelled while connecting"));
      const timer = setTimeout(
        () => done(sessionError("connect-timeout", `no answer from ${address} port ${port} within ${(timeoutMs / 1000).toFixed(0)} s`)),
        timeoutMs,
      );
      socket.once("connect", onConnect);
      socket.once("error", onError);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  },

  startTls(socket, { servername, trustCa, timeoutMs, signal }) {
    return new Promise<TLSSocket>((resolve, reject) => {
      // Verification is reported, never enforced: a bad certificate is a finding, not a reason to stop.
      const secure = tls.connect({
        socket,
        servername,
        rejectUnauthorized: false,
        ca: trustCa ? [...tls.rootCertificates, trustCa] : undefined,
        minVersion: "TLSv1",
        // Old servers still negotiate legacy ciphers; seeing them is the point of the test.
        ciphers: "DEFAULT:@SECLEVEL=0",
      });
      const done = (err?: Error) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        secure.off("error", onError);
        secure.off("secureConnect", onSecure);
        if (err) {
          secure.on("error", () => {});
          secure.destroy();
          reject(err);
        } else {
          resolve(secure);
        }
      };
      const onSecure = () => done();
      const onError = (err: NodeJS.ErrnoException) => done(tlsError(err));
      const onAbort = () => done(sessionError("cancelled", "cancelled during the TLS handshake"));
      const timer = setTimeout(
        () => done(sessionError("tls-timeout", `the TLS handshake did not finish within ${(timeoutMs / 1000).toFixed(0)} s`)),
        timeoutMs,
      );
      secure.once("secureConnect", onSecure);
      secure.once("error", onError);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  },
};

function connectError(err: NodeJS.ErrnoException, address: string, port: number) {
  switch (err.code) {
    case "ECONNREFUSED":
      return sessionError("connect-refused", `${address} refused the connection on port ${port}: nothing listens there, or a firewall rejects it`, { cause: err });
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "EADDRNOTAVAIL":
      return sessionError("connect-unreachable", `no route to ${address} from this network (${err.code})`, { cause: err });
    case "ETIMEDOUT":
      return sessionError("connect-timeout", `no answer from ${address} port ${port} (${err.code})`, { cause: err });
    default:
      return sessionError("connect-failed", `could not connect to ${address} port ${port}: ${err.code ?? err.message}`, { cause: err });
  }
}

function tlsError(err: NodeJS.ErrnoException) {
  const code = err.code ?? "";
  // OpenSSL reads a plaintext "220 ..." as a record header: wrong version number / packet length too long.
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|RECORD_LAYER|UNKNOWN_PROTOCOL|HTTP_REQUEST/i.test(code + err.message)) {
    return sessionError("plaintext-in-tls", `the server answered the TLS handshake in plaintext (${code || err.message})`, { cause: err });
  }
  if (code === "ECONNRESET" || /socket disconnected/i.test(err.message)) {
    return sessionError("tls-handshake-failed", "the server closed the connection during the TLS handshake", { cause: err });
  }
  return sessionError("tls-handshake-failed", `the TLS handshake failed: ${code || err.message}`, { cause: err });
}
