#!/usr/bin/env python3
"""Bounded loopback attacks for scripts/soak-hostile.sh (not a test; never aimed at anything but 127.0.0.1).

  soak-attacks.py slowhttp PORT SECONDS [MAX_SOCKETS]   slow HTTP from 127.0.0.2: one byte every 10 s per socket
  soak-attacks.py dtls PORT SECONDS [PER_SECOND]        DTLS ClientHellos, half with a 255-byte session id
  soak-attacks.py mutate PORT SECONDS [PER_SECOND]      mutated MQTT CONNECT+PUBLISH sequences
  soak-attacks.py dtlscookie PORT SECONDS [PER_SECOND]  ClientHellos that complete the cookie exchange (from 127.0.0.1,
                                                        each from a fresh port), then never answer: half-open handshakes
  soak-attacks.py mqttsilent PORT SECONDS [MAX_SOCKETS] MQTT connections from 127.0.0.1 that never send CONNECT
                                                        (reopened as the gateway closes them, at most 50 a tick)
  soak-attacks.py coapprobe PORT SECONDS CREDS N        N real devices (coap-client-openssl, DTLS-PSK) post one pack
                                                        every 5 s from 127.0.0.1, the flooded address; counts 2.04s

Every loop ends at the deadline; every count is bounded. Prints one JSON summary line at the end.
"""
import json, random, socket, struct, sys, time

def deadline(seconds):
    return time.monotonic() + seconds

def slowhttp(port, seconds, max_sockets=2000):
    end, socks, opened, refused = deadline(seconds), [], 0, 0
    last_trickle = 0.0
    while time.monotonic() < end:
        # (re)open up to 50 a tick, never more than max_sockets at once
        for _ in range(min(50, max_sockets - len(socks))):
            s = socket.socket()
            s.setblocking(False)
            try:
                s.bind(("127.0.0.2", 0))
                s.connect_ex(("127.0.0.1", port))
                socks.append(s)
                opened += 1
            except OSError:
                s.close()
                refused += 1
        if time.monotonic() - last_trickle >= 10:
            last_trickle = time.monotonic()
            alive = []
            for s in socks:
                try:
                    s.send(b"G")
                    alive.append(s)
                except OSError:
                    s.close()
            socks = alive
        time.sleep(0.2)
    held = len(socks)
    for s in socks:
        s.close()
    return {"attack": "slowhttp", "opened": opened, "client_sockets_at_end": held, "local_errors": refused}

def client_hello(session_id_len):
    body = b"\xfe\xfd" + random.randbytes(32) + bytes([session_id_len]) + random.randbytes(session_id_len)
    body += b"\x00" + b"\x00\x02\xc0\xa8" + b"\x01\x00"
    hs = b"\x01" + struct.pack(">I", len(body))[1:] + b"\x00\x00" + b"\x00\x00\x00" + struct.pack(">I", len(body))[1:]
    rec = b"\x16\xfe\xfd" + b"\x00\x00" + random.randbytes(6) + struct.pack(">H", len(hs) + len(body))
    return rec + hs + body

def dtls(port, seconds, per_second=500):
    end, sent = deadline(seconds), 0
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    while time.monotonic() < end:
        t = time.monotonic()
        for i in range(per_second // 10):
            try:
                u.sendto(client_hello(255 if i % 2 == 0 else 0), ("127.0.0.1", port))
                sent += 1
            except OSError:
                pass
        time.sleep(max(0.0, 0.1 - (time.monotonic() - t)))
    u.close()
    return {"attack": "dtls", "sent": sent}

def cookie_hello(rnd, cookie):
    body = b"\xfe\xfd" + rnd + b"\x00" + bytes([len(cookie)]) + cookie + b"\x00\x04\xc0\xa8\x00\xae" + b"\x01\x00"
    seq = 0 if not cookie else 1
    hs = b"\x01" + struct.pack(">I", len(body))[1:] + struct.pack(">H", seq) + b"\x00\x00\x00" + struct.pack(">I", len(body))[1:]
    rec = b"\x16\xfe\xfd" + b"\x00\x00" + struct.pack(">Q", seq)[2:] + struct.pack(">H", len(hs) + len(body))
    return rec + hs + body

def dtlscookie(port, seconds, per_second=100):
    """Each exchange from a fresh source port, so every completed one is a new half-open handshake."""
    end, completed, server_hellos, no_cookie = deadline(seconds), 0, 0, 0
    while time.monotonic() < end:
        t = time.monotonic()
        for _ in range(max(1, per_second // 10)):
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            u.settimeout(0.5)
            try:
                u.bind(("127.0.0.1", 0))
                rnd = random.randbytes(32)
                u.sendto(cookie_hello(rnd, b""), ("127.0.0.1", port))
                d = u.recv(2048)
                if len(d) > 28 and d[0] == 22 and d[13] == 3:
                    u.sendto(cookie_hello(rnd, d[28:28 + d[27]]), ("127.0.0.1", port))
                    completed += 1
                    d = u.recv(4096)
                    server_hellos += 1 if len(d) > 13 and d[0] == 22 and d[13] == 2 else 0
                else:
                    no_cookie += 1
            except OSError:
                no_cookie += 1
            finally:
                u.close()
        time.sleep(max(0.0, 0.1 - (time.monotonic() - t)))
    return {"attack": "dtlscookie", "cookie_hellos": completed, "server_hellos": server_hellos,
            "no_answer": no_cookie}

def mqttsilent(port, seconds, max_sockets=1000):
    end, socks, opened, closed_by_gateway = deadline(seconds), [], 0, 0
    while time.monotonic() < end:
        for _ in range(min(50, max_sockets - len(socks))):
            s = socket.socket()
            s.setblocking(False)
            try:
                s.connect_ex(("127.0.0.1", port))
                socks.append(s)
                opened += 1
            except OSError:
                s.close()
        time.sleep(0.2)
        alive = []
        for s in socks:
            try:
                if s.recv(1) == b"":
                    closed_by_gateway += 1
                    s.close()
                    continue
            except BlockingIOError:
                pass
            except OSError:
                closed_by_gateway += 1
                s.close()
                continue
            alive.append(s)
        socks = alive
    held = len(socks)
    for s in socks:
        s.close()
    return {"attack": "mqttsilent", "opened": opened, "closed_by_gateway": closed_by_gateway,
            "client_sockets_at_end": held}

def coapprobe(port, seconds, creds_file, n):
    import subprocess
    creds = [json.loads(l) for l in open(creds_file) if l.strip()][:n]
    end, ok, failed, value = deadline(seconds), 0, 0, 0
    while time.monotonic() < end:
        t = time.monotonic()
        for c in creds:
            value += 1
            pack = '[{"n":"temp","u":"Cel","v":%.2f}]' % (36 + (value % 100) / 100)
            try:
                r = subprocess.run(["coap-client-openssl", "-m", "post", "-t", "110", "-a", "127.0.0.1",
                                    "-u", c["deviceId"], "-k", c["secret"], "-B", "20", "-e", pack,
                                    "coaps://127.0.0.1:%d/v1/senml" % port], capture_output=True, timeout=30)
                good = r.returncode == 0 and b"4." not in r.stdout and b"5." not in r.stdout
            except subprocess.TimeoutExpired:
                good = False
            ok, failed = ok + good, failed + (not good)
        time.sleep(max(0.0, 5 - (time.monotonic() - t)))
    return {"attack": "coapprobe", "devices": len(creds), "acknowledged_2_04": ok, "failed": failed}

def packet(first, body):
    return bytes([first, len(body)]) + body  # bodies here are < 128 bytes

def utf8(s):
    b = s.encode()
    return struct.pack(">H", len(b)) + b

# MQTT 3.1.1 CONNECT (user + password) and a QoS 1 PUBLISH, the seeds the mutations start from
CONNECT = packet(0x10, utf8("MQTT") + b"\x04\xc2\x00\x3c" + utf8("mutant") + utf8("mutant") + utf8("not-a-secret"))
PUBLISH = packet(0x32, utf8("v1/devices/mutant/senml") + b"\x00\x01" + b'[{"n":"temp","u":"Cel","v":37}]')

def mutate(port, seconds, per_second=20):
    end, runs, rnd = deadline(seconds), 0, random.Random(15)
    while time.monotonic() < end:
        t = time.monotonic()
        for _ in range(max(1, per_second // 10)):
            data = bytearray(CONNECT + PUBLISH)
            for _ in range(rnd.randint(1, 6)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
            s = socket.socket()
            s.settimeout(0.5)
            try:
                s.connect(("127.0.0.1", port))
                s.sendall(bytes(data))
                try:
                    s.recv(64)
                except OSError:
                    pass
            except OSError:
                pass
            finally:
                s.close()
            runs += 1
        time.sleep(max(0.0, 0.1 - (time.monotonic() - t)))
    return {"attack": "mutate", "sequences": runs}

if __name__ == "__main__":
    kind, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    extra = [a if kind == "coapprobe" and i == 0 else int(a) for i, a in enumerate(sys.argv[4:])]
    result = {"slowhttp": slowhttp, "dtls": dtls, "mutate": mutate, "dtlscookie": dtlscookie,
              "mqttsilent": mqttsilent, "coapprobe": coapprobe}[kind](port, seconds, *extra)
    print(json.dumps(result), flush=True)
