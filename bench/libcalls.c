/* SPDX-License-Identifier: MIT */
/* libcalls N: main calls strlen() N times through the PLT, nothing else traced (bench/libcalls.sh). */
#include <stdlib.h>
#include <string.h>

static const char *volatile text = "12345";
volatile size_t sink;

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;

	for (long i = 0; i < n; i++)
		sink += strlen(text);
	return 0;
}
