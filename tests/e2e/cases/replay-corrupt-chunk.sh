# SPDX-License-Identifier: MIT
# A .dat stream whose chunk header is damaged: one line naming the file, non-zero exit, no crash.
prog replay-nested
record_ok data "$PROG"
first_dat data >/dev/null
dat=$(first_dat data)
cp "$dat" "$T/orig.dat"
printf 'XXXX' | dd of="$dat" bs=1 seek=0 conv=notrunc 2>/dev/null
expect_error "$(basename "$dat").*(magic|corrupt|not)" "$FTRACE" replay -d data
# a used count larger than the chunk
cp "$T/orig.dat" "$dat"
printf '\377\377\377\177' | dd of="$dat" bs=1 seek=16 conv=notrunc 2>/dev/null
expect_error "$(basename "$dat")" "$FTRACE" replay -d data
