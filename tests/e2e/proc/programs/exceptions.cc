// SPDX-License-Identifier: MIT
// C++ exceptions: thrown three frames down and caught far up, rethrown from a catch, caught by a
// handler that then calls on. The frames the unwinder leaves are closed and marked; the program's
// own output must be what it is untraced (destructors run, the right handlers catch).
#include <cstdio>
#include <stdexcept>
#include "e2e.h"

struct Guard {
	const char *name;
	NOINLINE ~Guard() { std::printf("~%s\n", name); }
};

NOINLINE void leaf() { sink++; }
NOINLINE void thrower(int n) { leaf(); if (n) throw std::runtime_error("deep"); sink++; }
NOINLINE void level2(int n) { Guard g{"level2"}; thrower(n); sink++; }
NOINLINE void level1(int n) { level2(n); sink++; }

NOINLINE void catch_far()
{
	try {
		level1(1);
	} catch (const std::exception &e) {
		std::printf("caught %s\n", e.what());
		leaf();
	}
	sink++;
}

NOINLINE void rethrow_inner()
{
	try {
		level1(1);
	} catch (...) {
		leaf();
		throw;
	}
}

NOINLINE void rethrow()
{
	try {
		rethrow_inner();
	} catch (const std::runtime_error &e) {
		std::printf("caught again %s\n", e.what());
	}
	sink++;
}

int main()
{
	catch_far();
	rethrow();
	level1(0); // no throw: normal returns after all that
	leaf();
	return 0;
}
