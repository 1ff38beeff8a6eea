#!/bin/bash
# Self-test of tests/oidc/provider.py: starts it on a free loopback port, runs one authorization
# code flow with curl (PKCE S256, client_secret_basic), then drives every control-API mode from
# Debian's Python and checks each ID token against /jwks with authlib.jose.
# Uses only /usr/bin/python3, curl and the provider. Exits nonzero on any failure.
set -euo pipefail

PY=/usr/bin/python3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
PID=
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "selftest: FAIL: $*" >&2; exit 1; }

# A non-loopback host is refused before anything is bound.
if "$PY" "$HERE/provider.py" --port-file "$WORK/bad.port" --host 0.0.0.0 2>/dev/null; then
  fail "a non-loopback --host was accepted"
fi
[[ ! -e "$WORK/bad.port" ]] || fail "port file written for a refused host"

"$PY" "$HERE/provider.py" --port-file "$WORK/port" >"$WORK/stdout" 2>"$WORK/stderr" &
PID=$!
for _ in $(seq 400); do  # up to 20 s on a busy machine; usually well under 1 s
  [[ -s "$WORK/port" ]] && break
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.05
done
[[ -s "$WORK/port" ]] || { cat "$WORK/stderr" >&2; fail "no port file"; }
PORT="$(cat "$WORK/port")"
BASE="http://127.0.0.1:$PORT"
REDIRECT="http://127.0.0.1:9/cb"

# ---- one flow with curl ----
curl -fsS "$BASE/.well-known/openid-configuration" >"$WORK/discovery.json"
curl -fsS -H 'Content-Type: application/json' -d '{"client_id":"shipboard","client_secret":"s3cret","redirect_uris":["'"$REDIRECT"'"]}' "$BASE/control/clients" >/dev/null
curl -fsS -H 'Content-Type: application/json' -d '{"sub":"u-1001","username":"alice","name":"Alice Chen","email":"alice@example.com","groups":["admins","產品"]}' "$BASE/control/users" >/dev/null

VERIFIER="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
CHALLENGE="$(printf '%s' "$VERIFIER" | "$PY" -c 'import sys,hashlib,base64; print(base64.urlsafe_b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).rstrip(b"=").decode())')"
QS="response_type=code&client_id=shipboard&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&scope=openid%20profile%20email%20groups&state=st-curl&nonce=n-curl&code_challenge=$CHALLENGE&code_challenge_method=S256"

PAGE="$(curl -fsS "$BASE/authorize?$QS")"
grep -q 'name="username"' <<<"$PAGE" || fail "login form has no username input"
grep -q 'Sign in</button>' <<<"$PAGE" || fail "login form has no Sign in button"
LOCATION="$(curl -sS -D - -o /dev/null --data-urlencode username=alice "$BASE/authorize?$QS" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')"
[[ "$LOCATION" == "$REDIRECT?"* ]] || fail "authorize did not redirect to the client: $LOCATION"
[[ "$LOCATION" == *"state=st-curl"* ]] || fail "state not echoed: $LOCATION"
CODE="$("$PY" -c 'import sys,urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query)["code"][0])' "$LOCATION")"
curl -fsS -u shipboard:s3cret -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VERIFIER" \
  "$BASE/token" >"$WORK/token.json"
curl -fsS "$BASE/jwks" >"$WORK/jwks.json"
# The same code again: refused.
STATUS="$(curl -sS -o "$WORK/reuse.json" -w '%{http_code}' -u shipboard:s3cret -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VERIFIER" "$BASE/token")"
if [[ "$STATUS" != 400 ]] || ! grep -q '"invalid_grant"' "$WORK/reuse.json"; then
  fail "code reuse not refused: $STATUS $(cat "$WORK/reuse.json")"
fi

# ---- everything else from Python ----
"$PY" - "$BASE" "$WORK" <<'EOF'
import base64, hashlib, json, secrets, sys, urllib.error, urllib.parse, urllib.request
from authlib.jose import JsonWebKey, jwt
from authlib.jose.errors import BadSignatureError, ExpiredTokenError, InvalidClaimError, JoseError

BASE, WORK = sys.argv[1], sys.argv[2]
REDIRECT = 'http://127.0.0.1:9/cb'
CLIENT, SECRET = 'shipboard', 's3cret'
checks = 0


def on_error(kind, value, tb):
    import traceback
    traceback.print_exception(kind, value, tb)
    print('selftest: FAIL: unexpected %s: %s' % (kind.__name__, value), file=sys.stderr)
    sys.exit(1)


sys.excepthook = on_error


def check(cond, what):
    global checks
    if not cond:
        raise SystemExit('selftest: FAIL: ' + what)
    checks += 1


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


opener = urllib.request.build_opener(NoRedirect)


def http(method, path, data=None, headers=None, form=True):
    body = None
    headers = dict(headers or {})
    if data is not None:
        if form:
            body = urllib.parse.urlencode(data).encode()
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        else:
            body = json.dumps(data).encode()
            headers['Content-Type'] = 'application/json'
    req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers)
    try:
        resp = opener.open(req, timeout=5)
    except urllib.error.HTTPError as e:
        resp = e
    return resp.status, dict(resp.headers), resp.read()


def control(path, obj):
    status, _, body = http('POST', '/control/' + path, obj, form=False)
    check(status == 200, 'control %s: %s %s' % (path, status, body))
    return json.loads(body)


def stats():
    return json.loads(http('GET', '/control/stats')[2])


def jwks():
    return json.loads(http('GET', '/jwks')[2])


def pkce():
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b'=').decode()


def authorize_query(challenge, nonce, state='st', **over):
    q = {'response_type': 'code', 'client_id': CLIENT, 'redirect_uri': REDIRECT,
         'scope': 'openid profile email groups', 'state': state, 'nonce': nonce,
         'code_challenge': challenge, 'code_challenge_method': 'S256'}
    q.update(over)
    return urllib.parse.urlencode({k: v for k, v in q.items() if v is not None})


def get_code(username='alice', nonce=None, **over):
    verifier, challenge = pkce()
    nonce = nonce or secrets.token_urlsafe(12)
    qs = authorize_query(challenge, nonce, **over)
    status, _, page = http('GET', '/authorize?' + qs)
    check(status == 200 and b'name="username"' in page, 'authorize page: %s' % status)
    status, headers, _ = http('POST', '/authorize?' + qs, {'username': username})
    check(status == 302, 'authorize POST status %s' % status)
    loc = urllib.parse.urlsplit(headers['Location'])
    params = urllib.parse.parse_qs(loc.query)
    check(loc.geturl().startswith(REDIRECT + '?') and params.get('state') == ['st'], 'redirect')
    return params['code'][0], verifier, nonce


def redeem(code, verifier, basic=True, secret=SECRET):
    data = {'grant_type': 'authorization_code', 'code': code, 'redirect_uri': REDIRECT}
    if verifier is not None:
        data['code_verifier'] = verifier
    headers = {}
    if basic:
        cred = base64.b64encode(('%s:%s' % (CLIENT, secret)).encode()).decode()
        headers['Authorization'] = 'Basic ' + cred
    else:
        data.update(client_id=CLIENT, client_secret=secret)
    status, _, body = http('POST', '/token', data, headers)
    return status, json.loads(body)


def token_for(mode=None):
    if mode:
        control('mode', {'mode': mode})
    code, verifier, nonce = get_code()
    status, body = redeem(code, verifier)
    check(status == 200 and 'id_token' in body, 'token (%s): %s %s' % (mode, status, body))
    return body['id_token'], nonce


def header_of(tok):
    seg = tok.split('.')[0]
    return json.loads(base64.urlsafe_b64decode(seg + '=' * (-len(seg) % 4)))


def verify(tok, keyset, nonce):
    opts = {'iss': {'essential': True, 'value': BASE}, 'aud': {'essential': True, 'value': CLIENT},
            'nonce': {'essential': True, 'value': nonce}, 'exp': {'essential': True},
            'iat': {'essential': True}, 'sub': {'essential': True}}
    claims = jwt.decode(tok, JsonWebKey.import_key_set(keyset), claims_options=opts)
    claims.validate()
    return claims


def expect_fail(fn, exc, what):
    try:
        fn()
    except exc:
        check(True, what)
        return
    except Exception as e:
        raise SystemExit('selftest: FAIL: %s: unexpected %r' % (what, e))
    raise SystemExit('selftest: FAIL: %s: it verified' % what)


disc = json.load(open(WORK + '/discovery.json'))
check(disc['issuer'] == BASE and disc['jwks_uri'] == BASE + '/jwks', 'discovery issuer/jwks_uri')
check(disc['authorization_endpoint'] == BASE + '/authorize' and disc['token_endpoint'] == BASE + '/token', 'discovery endpoints')
check(disc['code_challenge_methods_supported'] == ['S256'], 'discovery pkce')
check(disc['id_token_signing_alg_values_supported'] == ['RS256', 'ES256'], 'discovery algs')

# The curl flow's token.
keys = json.load(open(WORK + '/jwks.json'))
check({(k['kid'], k['alg'], k['kty']) for k in keys['keys']} == {('rsa-1', 'RS256', 'RSA'), ('ec-1', 'ES256', 'EC')}, 'initial jwks')
check(all('d' not in k for k in keys['keys']), 'jwks has no private parts')
tok = json.load(open(WORK + '/token.json'))
check(tok['token_type'].lower() == 'bearer' and tok['access_token'], 'access token')
h = header_of(tok['id_token'])
check(h['alg'] == 'RS256' and h['kid'] == 'rsa-1', 'curl token header %s' % h)
c = verify(tok['id_token'], keys, 'n-curl')
check(c['sub'] == 'u-1001' and c['aud'] == CLIENT and c['name'] == 'Alice Chen', 'claims %s' % c)
check(c['email'] == 'alice@example.com' and c['preferred_username'] == 'alice', 'claims %s' % c)
check(c['groups'] == ['admins', '產品'] and c['exp'] - c['iat'] == 300, 'claims %s' % c)

# PKCE and code handling.
code, verifier, _ = get_code()
status, body = redeem(code, pkce()[0])
check(status == 400 and body['error'] == 'invalid_grant', 'wrong verifier: %s %s' % (status, body))
code, verifier, _ = get_code()
status, body = redeem(code, None)
check(status == 400 and body['error'] == 'invalid_request', 'missing verifier: %s %s' % (status, body))
code, verifier, _ = get_code()
status, body = redeem(code, verifier, secret='wrong')
check(status == 401 and body['error'] == 'invalid_client', 'wrong secret: %s %s' % (status, body))
status, body = redeem(code, verifier, basic=False)  # same code still good: client_secret_post
check(status == 200 and 'id_token' in body, 'client_secret_post: %s %s' % (status, body))
status, body = redeem(code, verifier)
check(status == 400 and body['error'] == 'invalid_grant', 'code reuse: %s %s' % (status, body))
check(tok['expires_in'] == 3600, 'access token lifetime %s' % tok.get('expires_in'))
control('clients', {'client_id': 'other', 'client_secret': 'o', 'redirect_uris': [REDIRECT]})
code, verifier, _ = get_code()
status, _, raw = http('POST', '/token', {'grant_type': 'authorization_code', 'code': code,
                      'redirect_uri': REDIRECT, 'code_verifier': verifier,
                      'client_id': 'other', 'client_secret': 'o'})
check(status == 400 and json.loads(raw)['error'] == 'invalid_grant', "another client's code: %s" % status)
status, body = redeem(code, verifier)
check(status == 200, 'the right client still redeems it: %s' % status)
status, _, raw = http('POST', '/token', {'grant_type': 'authorization_code', 'code': 'x' * 48,
                      'redirect_uri': REDIRECT, 'code_verifier': verifier,
                      'client_id': CLIENT, 'client_secret': SECRET})
check(status == 400 and json.loads(raw)['error'] == 'invalid_grant', 'made-up code: %s' % status)
code, verifier, _ = get_code()
status, _, raw = http('POST', '/token', {'grant_type': 'authorization_code', 'code': code,
                      'redirect_uri': 'http://127.0.0.1:9/other', 'code_verifier': verifier,
                      'client_id': CLIENT, 'client_secret': SECRET})
check(status == 400 and json.loads(raw)['error'] == 'invalid_grant', 'other redirect_uri at /token: %s' % status)

# Invalid authorization requests.
_, challenge = pkce()
status, _, body = http('GET', '/authorize?' + authorize_query(challenge, 'n', client_id='nobody'))
check(status == 400 and json.loads(body)['error'] == 'invalid_client', 'unknown client %s' % status)
status, _, body = http('GET', '/authorize?' + authorize_query(challenge, 'n', redirect_uri='http://127.0.0.1:9/other'))
check(status == 400 and json.loads(body)['error'] == 'invalid_request', 'wrong redirect %s' % status)
for over in ({'code_challenge': None, 'code_challenge_method': None},
             {'code_challenge_method': 'plain'}, {'code_challenge_method': None}):
    for method in ('GET', 'POST'):
        status, headers, _ = http(method, '/authorize?' + authorize_query(challenge, secrets.token_hex(4), **over),
                                  {'username': 'alice'} if method == 'POST' else None)
        loc = headers.get('Location', '')
        check(status == 302 and 'error=invalid_request' in loc and 'code=' not in loc and 'state=st' in loc,
              'pkce required %s %s %s' % (over, status, loc))
status, _, body = http('POST', '/authorize?' + authorize_query(challenge, 'n-x'), {'username': 'mallory'})
check(status == 403, 'unknown user: %s' % status)
code, verifier, nonce = get_code()
status, headers, _ = http('GET', '/authorize?' + authorize_query(challenge, nonce))
loc = headers.get('Location', '')
check(status == 302 and 'error=invalid_request' in loc and 'state=st' in loc and 'code=' not in loc, 'nonce replay %s %s' % (status, loc))

# Modes.
before = stats()
keyset = jwks()
t, n = token_for('alg_none')
check(header_of(t) == {'alg': 'none', 'kid': 'rsa-1'} and t.endswith('.') and t.count('.') == 2, 'alg_none %s' % t[:60])
expect_fail(lambda: verify(t, keyset, n), JoseError, 'alg_none must not verify')
t, n = token_for()
verify(t, keyset, n)  # mode went back to ok
t, n = token_for('other_key')
check(header_of(t)['alg'] == 'RS256' and header_of(t)['kid'] in {k['kid'] for k in jwks()['keys']}, 'other_key header')
expect_fail(lambda: verify(t, keyset, n), BadSignatureError, 'other_key must not verify')
t, n = token_for('wrong_aud')
check(jwt.decode(t, JsonWebKey.import_key_set(keyset))['aud'] == 'someone-else', 'wrong_aud aud')
expect_fail(lambda: verify(t, keyset, n), InvalidClaimError, 'wrong_aud must be rejected')
t, n = token_for('expired')
expect_fail(lambda: verify(t, keyset, n), ExpiredTokenError, 'expired must be rejected')
t, n = token_for('wrong_nonce')
check(jwt.decode(t, JsonWebKey.import_key_set(keyset))['nonce'] != n, 'wrong_nonce nonce')
expect_fail(lambda: verify(t, keyset, n), InvalidClaimError, 'wrong_nonce must be rejected')
t, n = token_for('wrong_iss')
check(jwt.decode(t, JsonWebKey.import_key_set(keyset))['iss'] == 'http://127.0.0.1:1', 'wrong_iss iss')
expect_fail(lambda: verify(t, keyset, n), InvalidClaimError, 'wrong_iss must be rejected')
t, n = token_for('unknown_kid')
check(header_of(t)['kid'] == 'rsa-new', 'unknown_kid kid %s' % header_of(t))
expect_fail(lambda: verify(t, keyset, n), ValueError, 'unknown_kid with the old jwks')
fresh = jwks()
check('rsa-new' in {k['kid'] for k in fresh['keys']}, 'rsa-new published')
verify(t, fresh, n)
after = stats()
check(after['tokens_issued'] - before['tokens_issued'] == 8, 'tokens_issued %s %s' % (before, after))
check(after['jwks_fetches'] - before['jwks_fetches'] == 3, 'jwks_fetches %s %s' % (before, after))

# Signing key choice and rotation.
check(control('signing', {'alg': 'ES256'})['kid'] == 'ec-1', 'signing ES256')
t, n = token_for()
check(header_of(t)['alg'] == 'ES256' and header_of(t)['kid'] == 'ec-1', 'ES256 header')
verify(t, jwks(), n)
t, n = token_for('wrong_aud')
check(header_of(t)['alg'] == 'ES256', 'bad-claim modes keep the signing alg')
check(control('rotate', {'alg': 'RS256'})['kid'] == 'rsa-2', 'rotate RS256')
t, n = token_for()
check(header_of(t) ['kid'] == 'rsa-2' and header_of(t)['alg'] == 'RS256', 'rotated header %s' % header_of(t))
kids = [k['kid'] for k in jwks()['keys']]
check({'rsa-1', 'rsa-2', 'ec-1', 'rsa-new'} <= set(kids), 'old keys stay published %s' % kids)
verify(t, jwks(), n)
check(control('rotate', {'alg': 'ES256'})['kid'] == 'ec-2', 'rotate ES256')
t, n = token_for()
check(header_of(t)['kid'] == 'ec-2', 'rotated ES256')
verify(t, jwks(), n)

# The user's claims come whatever the scope (Shipboard asks for "openid profile email").
verifier, challenge = pkce()
qs = authorize_query(challenge, 'n-scope', scope='openid profile email')
status, headers, _ = http('POST', '/authorize?' + qs, {'username': 'alice'})
code = urllib.parse.parse_qs(urllib.parse.urlsplit(headers['Location']).query)['code'][0]
status, body = redeem(code, verifier)
c = verify(body['id_token'], jwks(), 'n-scope')
check(status == 200 and c['groups'] == ['admins', '產品'] and c['email'] == 'alice@example.com', 'claims without groups scope')
check(body['scope'] == 'openid profile email', 'granted scope %s' % body.get('scope'))
# Without openid it is plain OAuth 2: no ID token.
verifier, challenge = pkce()
qs = authorize_query(challenge, None, scope='profile')
status, headers, _ = http('POST', '/authorize?' + qs, {'username': 'alice'})
code = urllib.parse.parse_qs(urllib.parse.urlsplit(headers['Location']).query)['code'][0]
status, body = redeem(code, verifier)
check(status == 200 and 'id_token' not in body and body['access_token'], 'no openid, no id_token')

# Bad control input.
check(http('POST', '/control/mode', {'mode': 'nope'}, form=False)[0] == 400, 'bad mode refused')
check(http('POST', '/control/signing', {'alg': 'HS256'}, form=False)[0] == 400, 'bad alg refused')
print('selftest: %d checks passed' % checks)
EOF

# Quiet: nothing on stdout or stderr during all that.
[[ ! -s "$WORK/stdout" ]] || fail "provider wrote to stdout: $(head -3 "$WORK/stdout")"
[[ ! -s "$WORK/stderr" ]] || fail "provider wrote to stderr: $(head -3 "$WORK/stderr")"
kill -TERM "$PID"
RC=0; wait "$PID" || RC=$?
PID=
[[ "$RC" == 0 ]] || fail "provider exited $RC on SIGTERM"
echo "selftest: OK (provider on port $PORT)"
