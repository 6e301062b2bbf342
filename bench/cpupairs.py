#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Paired CPU times: runs each command N times, alternating, and prints the median user, sys and
# user + sys (ms, from wait4() of the command itself) and minor faults of each (these include ~360
# of the forked python before its exec).
# usage: bench/cpupairs.py N LABEL1 'CMD1' [LABEL2 'CMD2' ...]   (output of the commands to /dev/null)
import os, sys, shlex, statistics as st
n = int(sys.argv[1]); args = sys.argv[2:]
cmds = [(args[i], shlex.split(args[i+1])) for i in range(0, len(args), 2)]
res = {l: [] for l, _ in cmds}
devnull = os.open('/dev/null', os.O_WRONLY)
for _ in range(n):
    for l, c in cmds:
        pid = os.fork()
        if pid == 0:
            os.dup2(devnull, 1); os.dup2(devnull, 2)
            os.execvp(c[0], c)
        _, status, ru = os.wait4(pid, 0)
        if status != 0: print(l, 'exit status', status, file=sys.stderr)
        res[l].append((ru.ru_utime*1e3, ru.ru_stime*1e3, ru.ru_minflt, ru.ru_maxrss))
for l, _ in cmds:
    r = res[l]
    u = [x[0] for x in r]; s = [x[1] for x in r]; t = [x[0]+x[1] for x in r]; f = [x[2] for x in r]
    print(f"{l:28s} user {st.median(u):8.1f} sys {st.median(s):7.1f} cpu {st.median(t):8.1f} (min {min(t):8.1f}) ms  minflt {st.median(f):.0f} [median of {n}]")
