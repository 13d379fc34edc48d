#!/usr/bin/env python3
"""Reads tillgate's effects topic over STOMP, with nothing but Python's standard library.

    python3 examples/effects_consumer.py [host] [port] [user] [password] [subscription]

Subscribes durably (named subscription, so events published while it is away wait for it) to the
multicast address tillgate.effects and prints each session event as one line of JSON.
"""
import json
import socket
import sys

host, port = (sys.argv[1] if len(sys.argv) > 1 else "localhost"), int(sys.argv[2] if len(sys.argv) > 2 else 61616)
user, password = (sys.argv[3] if len(sys.argv) > 3 else "effects-reader"), (sys.argv[4] if len(sys.argv) > 4 else "demo-secret")
name = sys.argv[5] if len(sys.argv) > 5 else "example-consumer"


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
            raw = raw.lstrip(b"\r\n")
            if not raw:
                continue
            head, _, body = raw.partition(b"\n\n")
            lines = head.decode().split("\n")
            yield lines[0], dict(l.split(":", 1) for l in lines[1:] if ":" in l), body.decode()


with socket.create_connection((host, port)) as sock:
    sock.sendall(frame("CONNECT", {"accept-version": "1.2", "host": "localhost", "login": user,
                                   "passcode": password, "client-id": name}))
    incoming = frames(sock)
    command, headers, body = next(incoming)
    if command != "CONNECTED":
        sys.exit(f"{command}: {headers.get('message', body)}")
    sock.sendall(frame("SUBSCRIBE", {"id": "1", "destination": "tillgate.effects", "subscription-type": "MULTICAST",
                                     "durable-subscription-name": name, "ack": "client-individual"}))
    for command, headers, body in incoming:
        if command == "ERROR":
            sys.exit(f"ERROR: {headers.get('message', body)}")
        if command == "MESSAGE":
            print(json.dumps(json.loads(body)), flush=True)
            sock.sendall(frame("ACK", {"id": headers["ack"]}))
