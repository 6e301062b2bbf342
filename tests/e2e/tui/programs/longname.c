// SPDX-License-Identifier: MIT
/* A function whose name (118 characters) is wider than an 80-column tui row, called from main. */
#include <stdio.h>

__attribute__((noinline)) int
parse_the_configuration_file_and_build_the_table_of_every_known_option_then_check_each_value_against_its_range_end(
	int n)
{
	return n * 3 + 1;
}

int main(void)
{
	int sum = 0;

	for (int i = 0; i < 3; i++)
		sum +=
			parse_the_configuration_file_and_build_the_table_of_every_known_option_then_check_each_value_against_its_range_end(
				i);
	printf("%d\n", sum);
	return 0;
}
