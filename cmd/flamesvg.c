/* SPDX-License-Identifier: MIT */
/* The self-contained SVG flame graph of dump --flame-svg (placeholder until it lands). */
