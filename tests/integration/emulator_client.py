# HTTPS checks against a running hallmonitor-emulator, with certificate verification against the
# CA file it wrote. Usage: emulator_client.py PORT CA_FILE. Prints OK and exits 0 on success.
import http.client
import json
import socket
import ssl
import sys
import time

port, ca_file = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca_file)
ctx.minimum_version = ssl.TLSVersion.TLSv1_2


def conn(host="127.0.0.1", timeout=10):
    return http.client.HTTPSConnection(host, port, context=ctx, timeout=timeout)


c = conn()


def req(method, path, body=None, headers=None, connection=None):
    h = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body)
        h["Content-Type"] = "application/json"
    k = connection or c
    k.request(method, path, body=body, headers=h)
    r = k.getresponse()
    return r.status, {n.lower(): v for n, v in r.getheaders()}, r.read().decode()


def check(cond, what):
    if not cond:
        print("FAILED:", what)
        sys.exit(1)


# control API round trip
page = "448242228374517"
s, _, _ = req("POST", "/_emulator/reset", {})
check(s == 200, "reset")
s, _, _ = req("POST", "/_emulator/accounts",
              {"platform": "facebook", "account_id": page, "name": "Hall School", "access_token": "fbtok"})
check(s == 200, "add account")
s, _, b = req("POST", "/_emulator/posts", {"platform": "facebook", "account_id": page, "text": "Sports day"})
post = json.loads(b)["id"]
s, _, b = req("POST", "/_emulator/comments", {"platform": "facebook", "post_id": post, "author_id": "42",
                                              "author_name": "Jane", "text": "hello"})
comment = json.loads(b)["id"]

# a Graph listing over TLS, keep-alive on the same connection
fields = "id,comments.filter(stream).limit(10){id,message,from{id,name},is_hidden}"
s, h, b = req("GET", "/v25.0/%s/published_posts?fields=%s" % (page, fields),
              headers={"Authorization": "Bearer fbtok"})
check(s == 200, "listing status %d %s" % (s, b))
check("x-business-use-case-usage" in h, "BUC header")
data = json.loads(b)["data"]
check(data[0]["comments"]["data"][0]["id"] == comment, "listing shows the comment")

s, _, b = req("POST", "/v25.0/" + comment, "is_hidden=true",
              {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer fbtok"})
check(json.loads(b) == {"success": True}, "hide")
s, _, b = req("GET", "/_emulator/state")
state = json.loads(b)
check(state["comments"][0]["hidden"] is True, "state shows hidden")
paths = [c["path"] for c in state["calls"]]
check(len(paths) == 2 and paths[0].startswith("/v25.0/%s/published_posts?fields=" % page)
      and paths[1] == "/v25.0/" + comment, "calls logged: %r" % paths)

# X with Bearer and rate-limit headers; host name verification for "localhost" too
req("POST", "/_emulator/accounts", {"platform": "x", "account_id": "2244994945", "username": "HallSchool",
                                    "access_token": "xtok"})
s, h, b = req("GET", "/2/users/2244994945/mentions", headers={"Authorization": "Bearer xtok"},
              connection=conn("localhost"))
check(s == 200 and json.loads(b) == {"meta": {"result_count": 0}}, "empty mentions")
check(h.get("x-rate-limit-limit") == "300", "x-rate-limit-limit")

# slow: answered after the delay
req("POST", "/_emulator/faults", {"platform": "x", "kind": "slow", "delay_ms": 300})
t0 = time.monotonic()
s, _, _ = req("GET", "/2/users/me", headers={"Authorization": "Bearer xtok"})
check(s == 200 and time.monotonic() - t0 >= 0.25, "slow fault")

# hang: never answered; the client gives up, and the server keeps serving others
req("POST", "/_emulator/faults", {"platform": "x", "kind": "hang"})
hung = conn(timeout=0.5)
try:
    req("GET", "/2/users/me", headers={"Authorization": "Bearer xtok"}, connection=hung)
    check(False, "hang fault answered")
except (socket.timeout, TimeoutError):
    pass
hung.close()
s, _, b = req("GET", "/_emulator/state")
check(s == 200, "serving after a hang")

# malformed body
req("POST", "/_emulator/faults", {"platform": "facebook", "kind": "malformed_json"})
s, _, b = req("GET", "/v25.0/%s/published_posts?access_token=fbtok" % page)
try:
    json.loads(b)
    check(False, "malformed_json parsed")
except ValueError:
    pass

# an oversized body is refused, and the server is still up
big = conn()
try:
    s, _, _ = req("POST", "/_emulator/posts", "x" * (2 << 20), {"Content-Type": "application/json"},
                  connection=big)
    check(s == 413, "body limit status %d" % s)
except (ConnectionError, ssl.SSLError, BrokenPipeError):
    pass
s, _, _ = req("GET", "/_emulator/clock", connection=conn())
check(s == 200, "serving after an oversized body")
print("OK")
