#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reads a Perfetto trace (a Trace: repeated TracePacket packet = 1) and writes the same trace with
# every TracePacket { compressed_packets = 50 } replaced by the packets it holds (zlib-inflated), so
# that `protoc --decode=Trace` shows every packet. Fails on a malformed outer framing.
import sys
import zlib


def varint(buf, i):
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, i


def fields(buf):
    """(field number, wire type, value or bytes) of a message"""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(buf, i)
        elif wt == 2:
            n, i = varint(buf, i)
            v = buf[i : i + n]
            if len(v) != n:
                raise ValueError("a field runs past the end")
            i += n
        elif wt == 1:
            v, i = buf[i : i + 8], i + 8
        elif wt == 5:
            v, i = buf[i : i + 4], i + 4
        else:
            raise ValueError("wire type %d" % wt)
        yield num, wt, v


def enc_varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def main():
    data = open(sys.argv[1], "rb").read()
    out = bytearray()
    blocks = 0
    for num, wt, pkt in fields(data):
        if num != 1 or wt != 2:
            raise ValueError("not a Trace: field %d" % num)
        inner = [v for n, w, v in fields(pkt) if n == 50 and w == 2]
        if inner:
            blocks += 1
            out += zlib.decompress(inner[0])
        else:
            out += b"\x0a" + enc_varint(len(pkt)) + pkt
    open(sys.argv[2], "wb").write(out)
    print("%d compressed blocks" % blocks, file=sys.stderr)


main()
