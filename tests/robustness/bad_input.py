#!/usr/bin/env python3
"""Hostile WebSocket input against a running natsws-server on loopback: nothing may crash it,
grow its memory without bound, or stall another client. Prints one line per case and
'N passed, M failed'. Usage: bad_input.py NATSWS_SERVER_BINARY"""
import os, socket, struct, subprocess, sys, tempfile, time

KEY = b"dGhlIHNhbXBsZSBub25jZQ=="
UPGRADE = (b"GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Key: " + KEY + b"\r\nSec-WebSocket-Version: 13\r\n\r\n")
MASK = b"\x11\x22\x33\x44"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def frame(opcode, payload, fin=True, masked=True, length=None):
    n = len(payload) if length is None else length
    b0 = (0x80 if fin else 0) | opcode
    if n < 126:
        head = struct.pack("!BB", b0, (0x80 if masked else 0) | n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, (0x80 if masked else 0) | 126, n)
    else:
        head = struct.pack("!BBQ", b0, (0x80 if masked else 0) | 127, n)
    if not masked:
        return head + payload
    return head + MASK + bytes(c ^ MASK[i % 4] for i, c in enumerate(payload))


class Client:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def upgrade(self):
        self.s.sendall(UPGRADE)
        self.until(b"\r\n\r\n")
        self.buf = self.buf[self.buf.index(b"\r\n\r\n") + 4:]

    def until(self, marker, timeout=5):
        end = time.time() + timeout
        while marker not in self.buf:
            self.s.settimeout(max(0.01, end - time.time()))
            try:
                chunk = self.s.recv(65536)
            except socket.timeout:
                return False
            if not chunk:
                return False
            self.buf += chunk
        return True

    def close_status(self, timeout=5):
        """The status of the first Close frame the server sends, or None."""
        end = time.time() + timeout
        while time.time() < end:
            i = 0
            while i + 2 <= len(self.buf):
                op, ln = self.buf[i] & 0x0F, self.buf[i + 1] & 0x7F
                hl = 2 if ln < 126 else (4 if ln == 126 else 10)
                if ln == 126 and i + 4 <= len(self.buf): ln = struct.unpack("!H", self.buf[i+2:i+4])[0]
                if ln == 127 and i + 10 <= len(self.buf): ln = struct.unpack("!Q", self.buf[i+2:i+10])[0]
                if i + hl + ln > len(self.buf): break
                if op == 8:
                    body = self.buf[i + hl:i + hl + ln]
                    return struct.unpack("!H", body[:2])[0] if len(body) >= 2 else 0
                i += hl + ln
            if not self.until(b"\x00" * 64, timeout=0.2) and self.s.fileno() < 0:
                return None
        return None


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])


def responsive(port):
    c = Client(port); c.upgrade()
    c.s.sendall(frame(2, b"CONNECT {\"verbose\":false}\r\nPING\r\n"))
    t = time.time(); ok = c.until(b"PONG\r\n", 3); c.s.close()
    return ok, time.time() - t


def main():
    binary = sys.argv[1]
    nport, wport = free_port(), free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([binary, "-a", "127.0.0.1", "-p", str(nport), "--ws-port", str(wport)],
                            stdout=log, stderr=log)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", wport), timeout=0.2).close(); break
        except OSError:
            time.sleep(0.05)
    results = []

    def case(name, ok, detail=""):
        results.append(ok)
        print(("ok   - " if ok else "FAIL - ") + name + (f" ({detail})" if detail else ""))

    base = rss_kib(proc.pid)

    c = Client(wport); c.upgrade()
    c.s.sendall(frame(2, b"", length=(1 << 63) + 5))
    case("64-bit length with the top bit set -> 1002", c.close_status() == 1002)

    c = Client(wport); c.upgrade()
    c.s.sendall(frame(2, b"", length=(1 << 63) - 1)[:14])   # header only; the payload never comes
    time.sleep(0.3)
    ok, took = responsive(wport)
    case("a 2^63-1 frame header does not allocate or stall others", ok and rss_kib(proc.pid) - base < 50_000,
         f"pong in {took*1000:.0f} ms, rss +{rss_kib(proc.pid) - base} KiB")
    c.s.close()

    c = Client(wport)
    for b in UPGRADE:
        c.s.sendall(bytes([b])); time.sleep(0.0005)
    case("handshake trickled one byte at a time -> 101", c.until(b"101 Switching Protocols"))

    c = Client(wport)
    c.s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Filler: " + b"a" * 70000 + b"\r\n\r\n")
    case("a header block over the cap -> 431", c.until(b" 431 "))

    c = Client(wport); c.upgrade()
    c.s.sendall(frame(2, b"CONNECT {\"verbose\":false}\r\nSUB big 1\r\n"))
    n = 200_000
    parts = [frame(2, b"PUB big %d\r\n" % n, fin=False)]
    parts += [frame(0, b"x", fin=False) for _ in range(n)]
    parts.append(frame(0, b"\r\nPING\r\n", fin=True))
    c.s.sendall(b"".join(parts))
    got = c.until(b"PONG\r\n", 20) and b"MSG big 1 %d\r\n" % n in c.buf
    case(f"{n} one-byte fragments reassemble into one PUB", got,
         f"rss +{rss_kib(proc.pid) - base} KiB")
    c.s.close()

    c = Client(wport); c.upgrade()
    for b in frame(9, b"split ping"):
        c.s.sendall(bytes([b])); time.sleep(0.001)
    case("a control frame split over reads -> pong", c.until(b"\x8a\x0asplit ping"))
    for b in frame(8, struct.pack("!H", 1000) + b"bye"):
        c.s.sendall(bytes([b])); time.sleep(0.001)
    case("a close frame split over reads -> echoed 1000", c.close_status() == 1000)

    for i in range(50):   # churn: connections opened and dropped mid-frame
        c = Client(wport); c.upgrade(); c.s.sendall(frame(2, b"PUB x 5\r\nhel")[:-2]); c.s.close()
    ok, took = responsive(wport)
    case("50 connections dropped mid-frame, the server still answers", ok, f"{took*1000:.0f} ms")
    case("the server is still running", proc.poll() is None)

    proc.terminate()
    try:
        rc = proc.wait(3)
    except subprocess.TimeoutExpired:
        proc.kill(); rc = -9
    case("SIGTERM -> exit 0", rc == 0, f"rc {rc}")
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
