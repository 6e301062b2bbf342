# SPDX-License-Identifier: MIT
# A .dat stream cut short (inside the chunk header, then inside the records): one line naming it, non-zero exit.
prog replay-nested
record_ok data "$PROG"
first_dat data >/dev/null
dat=$(first_dat data)
cp "$dat" "$T/orig.dat"
truncate -s 30 "$dat"
expect_error "$(basename "$dat").*(truncated|short|incomplete)" "$FTRACE" replay -d data
cp "$T/orig.dat" "$dat"
truncate -s 67 "$dat"
expect_error "$(basename "$dat").*(truncated|short|incomplete)" "$FTRACE" replay -d data
