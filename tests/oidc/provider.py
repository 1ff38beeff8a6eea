#!/usr/bin/python3
# A small but real OpenID Connect provider for Shipboard's tests (OIDC sign-in of server/src/oidc/).
# Built on Debian's python3-authlib 1.2.0 (Flask AuthorizationServer, AuthorizationCodeGrant with
# the OpenIDCode extension and PKCE S256) and python3-flask; everything is kept in memory.
# A test-only JSON control API (/control/...) registers clients and users, rotates keys and makes
# the next ID token deliberately bad (wrong key, alg none, wrong aud/iss/nonce, expired, new kid).
# Run: /usr/bin/python3 tests/oidc/provider.py --port-file FILE [--host 127.0.0.1] [--port 0]
# Loopback only; the issuer is http://HOST:PORT. Stop it with SIGTERM or SIGINT.

import argparse
import base64
import html
import ipaddress
import json
import logging
import os
import secrets
import signal
import sys
import tempfile
import threading
import time

# authlib refuses plain http unless the host is "localhost"; the tests talk to 127.0.0.1.
os.environ['AUTHLIB_INSECURE_TRANSPORT'] = '1'

from flask import Flask, Response, jsonify, request  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from authlib.integrations.flask_oauth2 import AuthorizationServer  # noqa: E402
from authlib.jose import JsonWebKey, jwt  # noqa: E402
from authlib.oauth2.rfc6749 import ClientMixin, grants, list_to_scope, scope_to_list  # noqa: E402
from authlib.oauth2.rfc6749.errors import OAuth2Error, InvalidRequestError  # noqa: E402
from authlib.oauth2.rfc7636 import CodeChallenge  # noqa: E402
from authlib.oidc.core import UserInfo  # noqa: E402
from authlib.oidc.core.grants import OpenIDCode  # noqa: E402
from authlib.oidc.core.models import AuthorizationCodeMixin  # noqa: E402

CLIENT_SCOPE = 'openid profile email groups'
CODE_LIFETIME = 600      # seconds an authorization code stays redeemable
ID_TOKEN_LIFETIME = 300  # seconds
MODES = ('ok', 'other_key', 'alg_none', 'wrong_aud', 'expired', 'wrong_nonce', 'wrong_iss',
         'unknown_kid')
KEY_TYPES = {'RS256': ('RSA', 2048, 'rsa'), 'ES256': ('EC', 'P-256', 'ec')}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def b64url_json(obj):
    return b64url(json.dumps(obj, separators=(',', ':')).encode('utf-8'))


def b64url_decode_json(segment):
    return json.loads(base64.urlsafe_b64decode(segment + '=' * (-len(segment) % 4)))


def generate_key(alg, kid):
    kty, size_or_crv, _ = KEY_TYPES[alg]
    return JsonWebKey.generate_key(kty, size_or_crv, options={'kid': kid}, is_private=True)


# ---- models (in memory) ---------------------------------------------------------------------

class Client(ClientMixin):
    AUTH_METHODS = ('client_secret_basic', 'client_secret_post')

    def __init__(self, client_id, client_secret, redirect_uris):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = list(redirect_uris)
        self.token_endpoint_auth_method = 'client_secret_basic'
        self.grant_types = ['authorization_code']
        self.response_types = ['code']
        self.scope = CLIENT_SCOPE

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope):
        if not scope:
            return ''
        allowed = set(scope_to_list(self.scope))
        return list_to_scope([s for s in scope_to_list(scope) if s in allowed])

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(self.client_secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method, endpoint):
        if endpoint == 'token':
            return method in self.AUTH_METHODS
        return True

    def check_response_type(self, response_type):
        return response_type in self.response_types

    def check_grant_type(self, grant_type):
        return grant_type in self.grant_types


class User:
    def __init__(self, sub, username, name, email, groups):
        self.sub = sub
        self.username = username
        self.name = name
        self.email = email
        self.groups = list(groups)

    def get_user_id(self):
        return self.sub


class AuthorizationCode(AuthorizationCodeMixin):
    def __init__(self, code, client_id, redirect_uri, scope, user_sub, nonce,
                 code_challenge, code_challenge_method):
        self.code = code
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self.scope = scope
        self.user_sub = user_sub
        self.nonce = nonce
        self.code_challenge = code_challenge
        self.code_challenge_method = code_challenge_method
        self.auth_time = int(time.time())

    def is_expired(self):
        return time.time() > self.auth_time + CODE_LIFETIME

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time


# ---- provider state -------------------------------------------------------------------------

class Provider:
    def __init__(self):
        self.lock = threading.RLock()
        self.issuer = None
        self.clients = {}
        self.users = {}          # sub -> User
        self.codes = {}          # code -> AuthorizationCode
        self.nonces = set()      # (client_id, nonce) already bound to a code
        self.private_keys = {}   # kid -> authlib Key (private)
        self.published = []      # public JWKs, in publication order
        self.key_counter = {'RS256': 0, 'ES256': 0}
        self.current_kid = {}    # alg -> kid of that alg's current key
        self.signing_alg = 'RS256'
        self.mode = 'ok'
        self.unknown_kid_count = 0
        self.jwks_fetches = 0
        self.tokens_issued = 0
        for alg in ('RS256', 'ES256'):
            self.new_key(alg)
        self.rogue_rsa = None    # signs "other_key" tokens, never published; made when needed

    def publish(self, key, alg):
        jwk = key.as_dict(is_private=False)
        jwk.update({'kid': key.kid, 'alg': alg, 'use': 'sig'})
        self.private_keys[key.kid] = key
        self.published.append(jwk)

    def new_key(self, alg):
        self.key_counter[alg] += 1
        kid = '%s-%d' % (KEY_TYPES[alg][2], self.key_counter[alg])
        self.publish(generate_key(alg, kid), alg)
        self.current_kid[alg] = kid
        return kid

    def signing_key(self):
        return self.private_keys[self.current_kid[self.signing_alg]]

    def jwt_config(self):
        return {'key': self.signing_key(), 'alg': self.signing_alg, 'iss': self.issuer,
                'exp': ID_TOKEN_LIFETIME}

    def find_user_by_username(self, username):
        for user in self.users.values():
            if user.username == username:
                return user
        return None

    def remake_id_token(self, id_token, mode):
        """Re-encode authlib's ID token (same claims) the way `mode` asks for."""
        header_segment, payload_segment, _ = id_token.split('.')
        claims = b64url_decode_json(payload_segment)
        kid = b64url_decode_json(header_segment).get('kid')
        now = int(time.time())
        if mode == 'alg_none':
            return b64url_json({'alg': 'none', 'kid': kid}) + '.' + b64url_json(claims) + '.'
        if mode == 'other_key':
            # The kid of the published RSA key, the signature of a key nobody published.
            # (A PEM, not a Key object: authlib would overwrite the header kid with the key's.)
            header = {'alg': 'RS256', 'kid': self.current_kid['RS256']}
            if self.rogue_rsa is None:
                self.rogue_rsa = JsonWebKey.generate_key('RSA', 2048, is_private=True)
            return jwt.encode(header, claims, self.rogue_rsa.as_pem(is_private=True)).decode()
        if mode == 'unknown_kid':
            self.unknown_kid_count += 1
            new_kid = 'rsa-new' if self.unknown_kid_count == 1 else \
                'rsa-new-%d' % self.unknown_kid_count
            key = generate_key('RS256', new_kid)
            token = jwt.encode({'alg': 'RS256'}, claims, key).decode()
            self.publish(key, 'RS256')  # in /jwks from now on, after the token exists
            return token
        if mode == 'wrong_aud':
            claims['aud'] = 'someone-else'
        elif mode == 'expired':
            claims['exp'] = now - 3600
            claims['iat'] = now - 3600 - ID_TOKEN_LIFETIME
            claims['auth_time'] = claims['iat']
        elif mode == 'wrong_nonce':
            claims['nonce'] = 'wrong-' + secrets.token_urlsafe(12)
        elif mode == 'wrong_iss':
            claims['iss'] = 'http://127.0.0.1:1'
        return jwt.encode({'alg': self.signing_alg}, claims, self.signing_key()).decode()


# ---- authlib grant and extensions -------------------------------------------------------------

class S256CodeChallenge(CodeChallenge):
    """PKCE, S256 only, and code_challenge required on every authorization request.

    authlib's CodeChallenge(required=True) only insists on a code_verifier for public clients
    and lets an authorization request without code_challenge through, so require it here.
    """
    SUPPORTED_CODE_CHALLENGE_METHOD = ['S256']

    def validate_code_challenge(self, grant):
        data = grant.request.data
        if not data.get('code_challenge'):
            raise InvalidRequestError('Missing "code_challenge"')
        if data.get('code_challenge_method') != 'S256':
            raise InvalidRequestError('"code_challenge_method" must be S256')
        super().validate_code_challenge(grant)


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post']

    def validate_authorization_request(self):
        # Errors raised by the extensions' hooks (PKCE, nonce replay) carry no state in authlib
        # 1.2.0; an error redirect must echo it (RFC 6749 4.1.2.1).
        try:
            return super().validate_authorization_request()
        except OAuth2Error as error:
            if error.state is None:
                error.state = self.request.state
            raise

    def save_authorization_code(self, code, request):
        provider = self.server.provider
        client_id = request.client.get_client_id()
        nonce = request.data.get('nonce')
        item = AuthorizationCode(
            code=code, client_id=client_id, redirect_uri=request.redirect_uri,
            scope=request.scope, user_sub=request.user.sub, nonce=nonce,
            code_challenge=request.data.get('code_challenge'),
            code_challenge_method=request.data.get('code_challenge_method'))
        with provider.lock:
            provider.codes[code] = item
            if nonce:
                provider.nonces.add((client_id, nonce))

    def query_authorization_code(self, code, client):
        provider = self.server.provider
        with provider.lock:
            item = provider.codes.get(code)
            if item and item.is_expired():
                del provider.codes[code]
                return None
        if item and item.client_id == client.get_client_id():
            return item
        return None

    def delete_authorization_code(self, authorization_code):
        with self.server.provider.lock:
            self.server.provider.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return self.server.provider.users.get(authorization_code.user_sub)


class OpenIDCodeExt(OpenIDCode):
    def __init__(self, provider):
        super().__init__(require_nonce=False)
        self.provider = provider

    def exists_nonce(self, nonce, request):
        with self.provider.lock:
            return (request.client_id, nonce) in self.provider.nonces

    def get_jwt_config(self, grant):
        with self.provider.lock:
            return self.provider.jwt_config()

    def get_audiences(self, request):
        return request.client.get_client_id()  # a plain string, not authlib's one-element list

    def generate_user_info(self, user, scope):
        # All of them whatever the scope (like providers that always send a groups claim):
        # an RP asking for "openid profile email" still gets groups to map to a role.
        return UserInfo(sub=user.sub, name=user.name, email=user.email,
                        preferred_username=user.username, groups=list(user.groups))


# ---- Flask app --------------------------------------------------------------------------------

LOGIN_PAGE = '''<!doctype html>
<html><head><meta charset="utf-8"><title>Test OpenID provider: sign in</title></head>
<body><h1>Sign in</h1><p>Client: {client}</p>
<form method="post" action="/authorize?{query}">
<label>Username <input type="text" name="username" autofocus></label>
<button type="submit">Sign in</button>
</form></body></html>
'''

DENIED_PAGE = '''<!doctype html>
<html><head><meta charset="utf-8"><title>Access denied</title></head>
<body><h1>Access denied</h1><p>Unknown user.</p></body></html>
'''


def json_error(message, status=400):
    return jsonify({'error': message}), status


def create_app(provider):
    app = Flask(__name__)
    # authlib's default for authorization_code access tokens is 864000 s (10 days).
    app.config['OAUTH2_TOKEN_EXPIRES_IN'] = {'authorization_code': 3600}
    server = AuthorizationServer(app, query_client=lambda cid: provider.clients.get(cid),
                                 save_token=lambda token, req: None)
    server.provider = provider
    server.register_grant(CodeGrant, [OpenIDCodeExt(provider), S256CodeChallenge(required=True)])

    @app.get('/.well-known/openid-configuration')
    def discovery():
        iss = provider.issuer
        return jsonify({
            'issuer': iss,
            'authorization_endpoint': iss + '/authorize',
            'token_endpoint': iss + '/token',
            'jwks_uri': iss + '/jwks',
            'response_types_supported': ['code'],
            'grant_types_supported': ['authorization_code'],
            'subject_types_supported': ['public'],
            'id_token_signing_alg_values_supported': ['RS256', 'ES256'],
            'code_challenge_methods_supported': ['S256'],
            'token_endpoint_auth_methods_supported': ['client_secret_basic',
                                                      'client_secret_post'],
            'scopes_supported': ['openid', 'profile', 'email', 'groups'],
            'claims_supported': ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce',
                                 'name', 'email', 'preferred_username', 'groups'],
        })

    @app.get('/jwks')
    def jwks():
        with provider.lock:
            provider.jwks_fetches += 1
            keys = [dict(k) for k in provider.published]
        return jsonify({'keys': keys})

    @app.get('/authorize')
    def authorize_page():
        try:
            grant = server.get_consent_grant(end_user=None)
        except OAuth2Error as error:
            return server.handle_error_response(None, error)
        query = request.query_string.decode('utf-8', 'replace')
        page = LOGIN_PAGE.format(client=html.escape(grant.client.get_client_id()),
                                 query=html.escape(query, quote=True))
        return Response(page, mimetype='text/html')

    @app.post('/authorize')
    def authorize_submit():
        try:
            server.get_consent_grant(end_user=None)  # same validation as the page
        except OAuth2Error as error:
            return server.handle_error_response(None, error)
        with provider.lock:
            user = provider.find_user_by_username(request.form.get('username', ''))
        if user is None:
            return Response(DENIED_PAGE, status=403, mimetype='text/html')
        return server.create_authorization_response(grant_user=user)

    @app.post('/token')
    def token():
        # One token request at a time: a code is redeemed once, a mode applies to one token.
        with provider.lock:
            response = server.create_token_response()
            if response.status_code != 200:
                return response
            provider.tokens_issued += 1
            body = json.loads(response.get_data())
            if 'id_token' not in body:  # no openid scope: plain OAuth 2, the mode waits
                return response
            mode, provider.mode = provider.mode, 'ok'
            if mode != 'ok':
                body['id_token'] = provider.remake_id_token(body['id_token'], mode)
                response.set_data(json.dumps(body))
            return response

    # ---- control API (tests only) ----

    def body_json():
        data = request.get_json(force=True, silent=True)  # any Content-Type
        return data if isinstance(data, dict) else None

    def is_str_list(value):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    @app.post('/control/clients')
    def control_clients():
        data = body_json()
        if not data:
            return json_error('expected a JSON object')
        cid, secret, uris = data.get('client_id'), data.get('client_secret'), \
            data.get('redirect_uris')
        if not (isinstance(cid, str) and cid and isinstance(secret, str) and secret
                and is_str_list(uris) and uris):
            return json_error('need client_id, client_secret (strings), redirect_uris (list)')
        with provider.lock:
            provider.clients[cid] = Client(cid, secret, uris)
        return jsonify({'client_id': cid, 'redirect_uris': uris, 'scope': CLIENT_SCOPE})

    @app.post('/control/users')
    def control_users():
        data = body_json()
        if not data:
            return json_error('expected a JSON object')
        fields = {k: data.get(k) for k in ('sub', 'username', 'name', 'email')}
        groups = data.get('groups', [])
        if not all(isinstance(v, str) and v for v in fields.values()) or not is_str_list(groups):
            return json_error('need sub, username, name, email (strings), groups (list)')
        with provider.lock:
            for sub, other in list(provider.users.items()):
                if other.username == fields['username'] and sub != fields['sub']:
                    del provider.users[sub]  # a username names one user
            provider.users[fields['sub']] = User(groups=groups, **fields)
        return jsonify(dict(fields, groups=groups))

    @app.post('/control/signing')
    def control_signing():
        data = body_json()
        alg = data.get('alg') if data else None
        if alg not in KEY_TYPES:
            return json_error('alg must be RS256 or ES256')
        with provider.lock:
            provider.signing_alg = alg
            kid = provider.current_kid[alg]
        return jsonify({'alg': alg, 'kid': kid})

    @app.post('/control/rotate')
    def control_rotate():
        data = body_json()
        alg = data.get('alg') if data else None
        if alg not in KEY_TYPES:
            return json_error('alg must be RS256 or ES256')
        with provider.lock:
            kid = provider.new_key(alg)
            provider.signing_alg = alg
        return jsonify({'alg': alg, 'kid': kid})

    @app.post('/control/mode')
    def control_mode():
        data = body_json()
        mode = data.get('mode') if data else None
        if mode not in MODES:
            return json_error('mode must be one of ' + ', '.join(MODES))
        with provider.lock:
            provider.mode = mode
        return jsonify({'mode': mode})

    @app.get('/control/stats')
    def control_stats():
        with provider.lock:
            return jsonify({'jwks_fetches': provider.jwks_fetches,
                            'tokens_issued': provider.tokens_issued})

    return app


# ---- main -------------------------------------------------------------------------------------

def is_loopback(host):
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def write_port_file(path, port):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.' + os.path.basename(path) + '.')
    try:
        with os.fdopen(fd, 'w') as f:
            f.write('%d\n' % port)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def main():
    parser = argparse.ArgumentParser(description='OpenID Connect provider for tests')
    parser.add_argument('--port-file', required=True, help='write the bound port here')
    parser.add_argument('--host', default='127.0.0.1', help='loopback address to bind')
    parser.add_argument('--port', type=int, default=0, help='0 picks a free port')
    args = parser.parse_args()
    if not is_loopback(args.host):
        parser.error('--host must be a loopback address, not %r' % args.host)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    logging.getLogger('werkzeug').setLevel(logging.WARNING)  # no per-request lines

    provider = Provider()
    app = create_app(provider)
    httpd = make_server(args.host, args.port, app, threaded=True)
    port = httpd.server_port
    host = '[%s]' % args.host if ':' in args.host else args.host
    provider.issuer = 'http://%s:%d' % (host, port)

    if stop.is_set():  # told to stop while starting
        httpd.server_close()
        return 0
    thread = threading.Thread(target=httpd.serve_forever, name='oidc-provider', daemon=True)
    thread.start()
    write_port_file(args.port_file, port)
    while not stop.wait(3600):
        pass
    httpd.shutdown()
    httpd.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
