#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Turns recorded data directories into seed inputs for the harnesses of tests/fuzz/ (corpus/<target>/).
#
# usage: tests/fuzz/make_corpus.py OUTDIR DATADIR...
#   each DATADIR (from `ftrace record -b 64k ...`) gives one seed per harness, named after it; doc/fuzzing.md
#   says how the committed corpus was recorded. Seeds are cut small: the fuzzer grows what it needs.
import os
import re
import struct
import sys

SEP = b"\n--ftrace-fuzz--\n"
HDR = struct.Struct("<IHHIIIIIIQQIIQ")  # struct ft_chunk_header, 64 bytes: [4] chunk_size, [5] used
KEEP = 1500  # record bytes kept per chunk


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def chunks(dat):
    """(header fields, record bytes) of each chunk of a .dat file, in file order."""
    out, off = [], 0
    while off + HDR.size <= len(dat):
        h = list(HDR.unpack_from(dat, off))
        size = h[4] if h[4] >= 64 << 10 else 64 << 10
        if h[0] == 0x4B484346:
            out.append((h, dat[off + h[2]: off + h[2] + h[5]]))
        off += size
    return out


def varint(b, i):
    v = shift = 0
    while i < len(b):
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        if not c & 0x80:
            return v, i
        shift += 7
    return None, len(b)


def payloads(data):
    """ARGS (5) and RETVAL (6) event payloads of a chunk's records."""
    out, i = [], 0
    while i < len(data) and data[i]:
        h, i = varint(data, i)
        if h is None:
            break
        if h & 3 == 1:
            _, i = varint(data, i)
        elif h & 3 == 3:
            t, i = varint(data, i)
            n, i = varint(data, i)
            if t in (5, 6) and n is not None:
                out.append(data[i: i + n])
            i += n or 0
    return out


def dats(d):
    return sorted(f for f in os.listdir(d) if re.fullmatch(r"\d+\.dat", f))


def seed_reader(d):
    """fuzz_reader: the chunks of the first stream, each cut to KEEP record bytes (used patched)."""
    parts = []
    for h, data in chunks(read(os.path.join(d, dats(d)[0])))[:4]:
        data = data[:KEEP]
        h[5] = len(data)
        parts.append(HDR.pack(*h) + data)
    return SEP.join(parts)


def seed_dir(d):
    """fuzz_reader_dir: info, task, enums, then every stream (each cut to 4 KiB)."""
    parts = [read(os.path.join(d, n)) for n in ("info", "task", "enums")]
    parts += [read(os.path.join(d, f))[:4096] for f in dats(d)[:4]]
    return SEP.join(parts)


def seed_symfile(d, addrs):
    """fuzz_symfile: the first maps file, the exe's and ld.so's symbols as a.sym and b.sym, task,
    the exe's source lines, and addresses the trace recorded."""
    maps = sorted(f for f in os.listdir(d) if f.endswith(".maps"))
    index = read(os.path.join(d, "sym", "modules")).decode(errors="replace").splitlines()
    mods, syms, src = [], [], b""
    for line in index:
        name, _, path = line.partition(" ")
        if "libc.so" in name or len(mods) == 2:
            continue  # libc's table is 50 KiB: left to the fuzzer's imagination
        mods.append("%s %s" % ("ab"[len(mods)] + ".sym", path))
        syms.append(read(os.path.join(d, "sym", name)))
        if not src:
            src = read(os.path.join(d, "sym", name[:-4] + ".srcline"))
    while len(syms) < 2:
        syms.append(b"")
    text = " ".join("%x" % a for a in addrs[:40])
    return SEP.join([read(os.path.join(d, maps[0])) if maps else b"", ("\n".join(mods) + "\n").encode(),
                     syms[0][:6000], syms[1][:3000], read(os.path.join(d, "task")), src[:3000], text.encode()])


def entry_addrs(d):
    """The first distinct ENTRY addresses of the first stream."""
    out = []
    for _, data in chunks(read(os.path.join(d, dats(d)[0]))):
        i, addr = 0, 0
        while i < len(data) and data[i] and len(out) < 40:
            h, i = varint(data, i)
            if h is None:
                break
            if h & 3 == 1:
                a, i = varint(data, i)
                if a is None:
                    break
                addr = (addr + ((a >> 1) ^ -(a & 1))) & (2**64 - 1)
                if addr not in out:
                    out.append(addr)
            elif h & 3 == 3:
                _, i = varint(data, i)
                n, i = varint(data, i)
                i += n or 0
        break
    return out


def main():
    outdir, dirs = sys.argv[1], sys.argv[2:]
    for t in ("reader", "reader_dir", "symfile", "args"):
        os.makedirs(os.path.join(outdir, t), exist_ok=True)
    for d in dirs:
        name = os.path.basename(d.rstrip("/")).removeprefix("d-")
        seeds = {"reader": seed_reader(d), "reader_dir": seed_dir(d),
                 "symfile": seed_symfile(d, entry_addrs(d))}
        pays = [p for _, c in chunks(read(os.path.join(d, dats(d)[0]))) for p in payloads(c)]
        if pays:
            enums = read(os.path.join(d, "enums"))
            seeds["args"] = SEP.join([enums, b"pick", b"".join(pays[:8])])
        for t, data in seeds.items():
            with open(os.path.join(outdir, t, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
