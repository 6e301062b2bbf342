/* SPDX-License-Identifier: MIT */
/* Demo: a recursive-descent calculator. Its call tree mirrors the grammar, which is what ftrace
 * shows. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

static const char *pos;

static long expr(void);

static void skip_spaces(void)
{
	while (isspace((unsigned char)*pos))
		pos++;
}

static long number(void)
{
	long v = strtol(pos, (char **)&pos, 10);

	skip_spaces();
	return v;
}

/* factor := number | '(' expr ')' */
static long factor(void)
{
	long v;

	if (*pos != '(')
		return number();
	pos++;
	skip_spaces();
	v = expr();
	if (*pos == ')')
		pos++;
	skip_spaces();
	return v;
}

/* term := factor { ('*' | '/') factor } */
static long term(void)
{
	long v = factor();

	while (*pos == '*' || *pos == '/') {
		char op = *pos++;
		long r;

		skip_spaces();
		r = factor();
		v = op == '*' ? v * r : (r ? v / r : 0);
	}
	return v;
}

/* expr := term { ('+' | '-') term } */
static long expr(void)
{
	long v = term();

	while (*pos == '+' || *pos == '-') {
		char op = *pos++;

		skip_spaces();
		v = op == '+' ? v + term() : v - term();
	}
	return v;
}

int main(int argc, char **argv)
{
	pos = argc > 1 ? argv[1] : "2 * (3 + 4)";
	skip_spaces();
	printf("%ld\n", expr());
	return 0;
}
