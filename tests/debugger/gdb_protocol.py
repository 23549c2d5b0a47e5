#!/usr/bin/env python3
"""The gdb stub at the packet level (gdb manual, "Remote Protocol"): things batch gdb cannot show
easily.  It listens on 127.0.0.1 only (the listening socket in /proc/net/tcp has local address
0100007F, i.e. 127.0.0.1 in the kernel's little-endian hex); a hardware breakpoint (Z1) stops
with the hwbreak reason and EIP (register 8 in gdb's i386 numbering) at its address; Ctrl-C
(the 0x03 byte) stops a running guest with SIGINT (stop reply T02); a read of unmapped memory
answers an error (E..); an unknown packet gets the empty reply; `qRcmd` (monitor) output comes
back as O packets, hex encoded; `k` kills the guest (pse386 exits 128 + SIGKILL = 137).
Usage: gdb_protocol.py PSE386 GUEST (a guest that runs for a while, with a main symbol)
"""
import socket
import subprocess
import sys
import time

from guestsyms import symbol_of

PSE386, GUEST = sys.argv[1], sys.argv[2]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        print("FAIL:", what)
        failures += 1


def symbol(name):
    return symbol_of(GUEST, name)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listening_addresses(port):
    found = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(name).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            addr, p = f[1].split(":")
            if int(p, 16) == port and f[3] == "0A":  # TCP_LISTEN
                found.append(addr)
    return found


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buf = b""

    def send(self, data):
        cs = sum(data.encode()) & 0xFF
        self.s.sendall(b"$%s#%02x" % (data.encode(), cs))

    def packet(self):
        """The next packet's payload (acks skipped)."""
        while True:
            while b"#" not in self.buf or len(self.buf) < self.buf.index(b"#") + 3:
                chunk = self.s.recv(4096)
                if not chunk:
                    raise EOFError
                self.buf += chunk
            start = self.buf.index(b"$")
            end = self.buf.index(b"#", start)
            payload = self.buf[start + 1:end].decode()
            self.buf = self.buf[end + 3:]
            self.s.sendall(b"+")
            return payload

    def ask(self, data):
        self.send(data)
        return self.packet()


def main():
    port = free_port()
    proc = subprocess.Popen([PSE386, "--gdb", str(port), GUEST], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(200):
            if listening_addresses(port):
                break
            time.sleep(0.05)
        addrs = listening_addresses(port)
        check(addrs == ["0100007F"], f"listens on 127.0.0.1 only, found {addrs}")
        c = Conn(port)
        check(c.ask("?").startswith("T05"), "initial stop is SIGTRAP")
        main_addr = symbol("main")
        check(c.ask(f"Z1,{main_addr:x},1") == "OK", "hardware breakpoint at main")
        c.send("c")
        reply = c.packet()
        check(reply.startswith("T05") and "hwbreak:" in reply, f"stops at it: {reply}")
        eip = int.from_bytes(bytes.fromhex(c.ask("p8")), "little")
        check(eip == main_addr, f"EIP {eip:#x} is main {main_addr:#x}")
        check(c.ask(f"z1,{main_addr:x},1") == "OK", "breakpoint removed")
        check(c.ask("m0,4").startswith("E"), "address 0 is not mapped: error reply")
        check(c.ask("vMustReplyEmpty") == "", "unknown packets get the empty reply")
        c.send("qRcmd," + "creg".encode().hex())
        text = ""
        while True:
            p = c.packet()
            if p == "OK":
                break
            check(p.startswith("O"), f"monitor output packet {p[:20]}")
            text += bytes.fromhex(p[1:]).decode()
        check("CR0=0x" in text and "CR3=0x" in text, f"monitor creg output: {text!r}")
        c.send("c")
        time.sleep(0.3)
        c.s.sendall(b"\x03")
        reply = c.packet()
        check(reply.startswith("T02"), f"Ctrl-C stops with SIGINT: {reply}")
        c.send("k")
        status = proc.wait(timeout=20)
        check(status == 137, f"killed: exit status {status}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    sys.exit(1 if failures else 0)


main()
