#!/usr/bin/python3
# A small but real SMTP server for Shipboard's mail tests (server/src/outbound/mail.cpp, sent
# through libcurl by tests/server/mail_test.cpp), built on Debian's python3-aiosmtpd 1.4.3.
# Every message accepted is written to DIR as <n>.eml (the bytes received after DATA, dot-
# stuffing undone, CRLF kept) with a sidecar <n>.json: mail_from, rcpt_tos, tls (whether the
# session was encrypted: STARTTLS or implicit), auth_login and auth_mechanism (null without
# AUTH), peer. n counts from 1; the .json is written before the .eml, both before the 250.
# Modes: plain (no TLS at all), starttls (STARTTLS offered and required before AUTH and MAIL),
# implicit (the listening socket is TLS, as smtps:// expects). --auth user:password accepts only
# that pair, by LOGIN or PLAIN, and then requires AUTH before MAIL. --reject-rcpt ADDR answers
# 550 to RCPT TO that address (repeatable).
# Run: /usr/bin/python3 tests/smtp/server.py --dir DIR --port-file FILE [--port 0]
#        [--mode plain|starttls|implicit --tls-cert CERT --tls-key KEY] [--auth user:password]
#        [--reject-rcpt ADDR]
# The tests make a throwaway certificate with openssl (see tests/server/mail_test.cpp), start
# this on port 0 and read the port from --port-file. Binds 127.0.0.1 only; the port is printed
# and written (atomically) once it accepts connections. Stop it with SIGTERM or SIGINT.

import argparse
import asyncio
import hmac
import json
import logging
import os
import signal
import socket
import ssl
import sys
import tempfile

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.' + os.path.basename(path) + '.')
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Authenticator:
    """Accepts exactly one login and password, by LOGIN or PLAIN."""

    def __init__(self, login, password):
        self.login = login.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if mechanism not in ('LOGIN', 'PLAIN') or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (hmac.compare_digest(auth_data.login, self.login)
              and hmac.compare_digest(auth_data.password, self.password))
        if ok:
            session.shipboard_mechanism = mechanism
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


class Handler:
    def __init__(self, directory, reject):
        self.directory = directory
        self.reject = {a.lower() for a in reject}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return '550 5.1.1 <%s>: mailbox unavailable' % address
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        transport = server.transport
        tls = transport is not None and transport.get_extra_info('ssl_object') is not None
        login = None
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            login = session.auth_data.login.decode('utf-8', 'replace')
        sidecar = {
            'mail_from': envelope.mail_from,
            'mail_options': envelope.mail_options,
            'rcpt_tos': envelope.rcpt_tos,
            'tls': tls,
            'auth_login': login,
            'auth_mechanism': getattr(session, 'shipboard_mechanism', None),
            'peer': list(session.peer[:2]) if session.peer else None,
        }
        write_atomically(os.path.join(self.directory, '%d.json' % n),
                         (json.dumps(sidecar, indent=1) + '\n').encode())
        write_atomically(os.path.join(self.directory, '%d.eml' % n), envelope.original_content)
        return '250 2.0.0 OK queued as %d' % n


async def serve(args, tls):
    loop = asyncio.get_running_loop()
    handler = Handler(args.dir, args.reject_rcpt)
    kwargs = {
        'hostname': 'localhost',  # not socket.getfqdn(), which may ask DNS
        'ident': 'Shipboard test SMTP',
        'loop': loop,
        'data_size_limit': 10 * 1024 * 1024,
        'timeout': 30,
    }
    if args.mode == 'starttls':
        kwargs.update(tls_context=tls, require_starttls=True, auth_require_tls=True)
    else:
        # aiosmtpd counts only STARTTLS as TLS: with implicit TLS auth_require_tls=True would
        # hide AUTH. plain mode lets AUTH go over loopback in the clear, as mail.hpp allows.
        kwargs.update(auth_require_tls=False)
    if args.auth:
        login, _, password = args.auth.partition(':')
        kwargs.update(authenticator=Authenticator(login, password), auth_required=True)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('127.0.0.1', args.port))
    sock.listen(64)
    server = await loop.create_server(lambda: SMTP(handler, **kwargs), sock=sock,
                                      ssl=tls if args.mode == 'implicit' else None)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    port = sock.getsockname()[1]
    print('listening on 127.0.0.1:%d (%s)' % (port, args.mode), flush=True)
    if args.port_file:
        write_atomically(args.port_file, b'%d\n' % port)
    await stop.wait()
    server.close()
    try:
        await asyncio.wait_for(server.wait_closed(), 2)
    except asyncio.TimeoutError:
        pass


def main():
    parser = argparse.ArgumentParser(description='SMTP server for tests')
    parser.add_argument('--port', type=int, default=0, help='0 picks a free port')
    parser.add_argument('--dir', required=True, help='where <n>.eml and <n>.json go')
    parser.add_argument('--port-file', help='write the bound port here once ready')
    parser.add_argument('--mode', choices=('plain', 'starttls', 'implicit'), default='plain')
    parser.add_argument('--tls-cert', help='PEM certificate (starttls and implicit modes)')
    parser.add_argument('--tls-key', help='PEM private key (starttls and implicit modes)')
    parser.add_argument('--auth', help='user:password, the only login accepted')
    parser.add_argument('--reject-rcpt', action='append', default=[],
                        help='answer 550 to RCPT TO this address')
    args = parser.parse_args()
    if not os.path.isdir(args.dir):
        parser.error('--dir %r is not a directory' % args.dir)
    tls = None
    if args.mode != 'plain':
        if not (args.tls_cert and args.tls_key):
            parser.error('--mode %s needs --tls-cert and --tls-key' % args.mode)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.minimum_version = ssl.TLSVersion.TLSv1_2
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    # aiosmtpd itself sets the deprecated Session.login_data and warns about it on every AUTH.
    logging.getLogger('mail.log').setLevel(logging.ERROR)
    asyncio.run(serve(args, tls))
    return 0


if __name__ == '__main__':
    sys.exit(main())
