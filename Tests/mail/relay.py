"""A real SMTP relay for the mail tests, as municipal relays are set up: STARTTLS required before
anything else, and a login (AUTH PLAIN or LOGIN) required before mail is taken. Each message it
takes is written to the spool folder as a file of its own.

    python relay.py --cert server.pem --key server.key --user U --password P --spool DIR \
        --starttls-port 8126 [--login-only-port 8127] [--tls-port 8128]

--starttls-port: STARTTLS, then AUTH PLAIN or LOGIN. --login-only-port: the same offering only
LOGIN. --tls-port: TLS from the first byte (SMTPS), then AUTH. Runs until it is stopped.
"""

import argparse
import os
import signal
import ssl
import threading
import time
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Spool:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.directory, f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml")
        with open(name + ".part", "wb") as f:
            f.write(f"X-Envelope-From: {envelope.mail_from}\r\n".encode())
            f.write(f"X-Envelope-To: {','.join(envelope.rcpt_tos)}\r\n".encode())
            f.write(envelope.original_content or envelope.content)
        os.rename(name + ".part", name)
        return "250 2.0.0 queued"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--spool", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--starttls-port", type=int, required=True)
    parser.add_argument("--login-only-port", type=int)
    parser.add_argument("--tls-port", type=int)
    args = parser.parse_args()
    os.makedirs(args.spool, exist_ok=True)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == args.user.encode()
              and auth_data.password == args.password.encode())
        return AuthResult(success=ok, handled=False)

    common = dict(auth_required=True, auth_require_tls=True, authenticator=authenticator)
    handler = Spool(args.spool)
    controllers = [Controller(handler, hostname=args.host, port=args.starttls_port,
                              tls_context=context, require_starttls=True, **common)]
    if args.login_only_port:
        controllers.append(Controller(handler, hostname=args.host, port=args.login_only_port,
                                      tls_context=context, require_starttls=True,
                                      auth_exclude_mechanism=["PLAIN"], **common))
    if args.tls_port:
        # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; this port is TLS from the
        # first byte, so its login is encrypted all the same.
        controllers.append(Controller(handler, hostname=args.host, port=args.tls_port,
                                      ssl_context=context, server_hostname="localhost",
                                      **{**common, "auth_require_tls": False}))
    for controller in controllers:
        controller.start()
    print(f"relay ready on {args.host}: starttls {args.starttls_port}, login-only {args.login_only_port}, "
          f"tls {args.tls_port}; spool {args.spool}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    for controller in controllers:
        controller.stop()


if __name__ == "__main__":
    main()
