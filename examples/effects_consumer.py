#!/usr/bin/env python3
"""Reads tillgate's effects topic over STOMP, with nothing but Python's standard library.

    python3 examples/effects_consumer.py [host] [port] [user] [password] [subscription]

Subscribes durably (named subscription, so events published while it is away wait for it) to the
multicast address tillgate.effects and prints each session event as one line of JSON.

It is meant to run for hours: it agrees STOMP heart-beats with the broker (every 10 s each way), so an
idle connection stays open and a dead one is noticed, and it reconnects with a growing pause (1 s up to
30 s) whenever the connection drops. Events are acknowledged one by one after they are printed: an event
that was not acknowledged when the connection dropped comes again.

With STOMP_TLS=1 it connects over TLS (the broker's TCP acceptor with tillgate.broker.tcp.tls.*); set
STOMP_TLS_CA to a PEM file to trust a self-signed certificate.
"""
import json
import os
import socket
import ssl
import sys
import threading
import time

host, port = (sys.argv[1] if len(sys.argv) > 1 else "localhost"), int(sys.argv[2] if len(sys.argv) > 2 else 61616)
user, password = (sys.argv[3] if len(sys.argv) > 3 else "effects-reader"), (sys.argv[4] if len(sys.argv) > 4 else "demo-secret")
name = sys.argv[5] if len(sys.argv) > 5 else "example-consumer"
HEART_BEAT_MS = 10_000


class Refused(Exception):
    """The broker said no (bad credentials, no permission): retrying will not help."""


def frame(command, headers, body=""):
    lines = [command] + [f"{k}:{v}" for k, v in headers.items()]
    return ("\n".join(lines) + "\n\n" + body + "\x00").encode()


def frames(sock):
    buffer = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return
        buffer += chunk
        while b"\x00" in buffer:
            raw, buffer = buffer.split(b"\x00", 1)
            raw = raw.lstrip(b"\r\n")  # heart-beats are bare line ends between frames
            if not raw:
                continue
            head, _, body = raw.partition(b"\n\n")
            lines = head.decode().split("\n")
            yield lines[0], dict(l.split(":", 1) for l in lines[1:] if ":" in l), body.decode()


def connect():
    sock = socket.create_connection((host, port), timeout=30)
    if os.environ.get("STOMP_TLS") == "1":
        context = ssl.create_default_context(cafile=os.environ.get("STOMP_TLS_CA"))
        sock = context.wrap_socket(sock, server_hostname=host)
    return sock


def send_heart_beats(sock, every_s, stop):
    while not stop.wait(every_s):
        try:
            sock.sendall(b"\n")
        except OSError:
            return


def consume():
    with connect() as sock:
        sock.sendall(frame("CONNECT", {"accept-version": "1.2", "host": "localhost", "login": user,
                                       "passcode": password, "client-id": name,
                                       "heart-beat": f"{HEART_BEAT_MS},{HEART_BEAT_MS}"}))
        incoming = frames(sock)
        command, headers, body = next(incoming)
        if command != "CONNECTED":
            raise Refused(f"{command}: {headers.get('message', body)}")
        # heart-beat: what the broker sends at least every sy ms, what it wants from us every sx ms
        sx, sy = (int(v) for v in headers.get("heart-beat", "0,0").split(","))
        stop = threading.Event()
        if sx > 0:
            threading.Thread(target=send_heart_beats, args=(sock, max(sx, HEART_BEAT_MS) / 2000, stop), daemon=True).start()
        # nothing at all for three of the broker's beats: the connection is dead
        sock.settimeout(3 * max(sy, HEART_BEAT_MS) / 1000 if sy > 0 else None)
        try:
            sock.sendall(frame("SUBSCRIBE", {"id": "1", "destination": "tillgate.effects",
                                             "subscription-type": "MULTICAST",
                                             "durable-subscription-name": name, "ack": "client-individual"}))
            print(f"connected to {host}:{port} as {user}, subscription {name}", file=sys.stderr, flush=True)
            for command, headers, body in incoming:
                if command == "ERROR":
                    raise Refused(f"ERROR: {headers.get('message', body)}")
                if command == "MESSAGE":
                    print(json.dumps(json.loads(body)), flush=True)
                    sock.sendall(frame("ACK", {"id": headers["ack"]}))
        finally:
            stop.set()


pause = 1
while True:
    started = time.monotonic()
    try:
        consume()
        print("the broker closed the connection", file=sys.stderr, flush=True)
    except Refused as refused:
        sys.exit(str(refused))
    except (OSError, StopIteration) as lost:
        print(f"connection lost: {lost!r}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        sys.exit(0)
    pause = 1 if time.monotonic() - started > 60 else min(pause * 2, 30)
    print(f"reconnecting in {pause} s", file=sys.stderr, flush=True)
    time.sleep(pause)
