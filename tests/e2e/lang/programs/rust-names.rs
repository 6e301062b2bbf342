// SPDX-License-Identifier: MIT
// Rust names in a trace (v0 mangling): modules, generics, an inherent impl, trait impls, closures.
// #![no_main] and no std generics (println!, Vec, iterators): their instantiations would be traced
// too and change with the rustc version; the C-level main keeps the top of the tree stable.
#![no_main]

use std::hint::black_box;

mod geo {
    #[inline(never)]
    pub fn twice<T: Copy + std::ops::Add<Output = T>>(x: T) -> T {
        x + x
    }
}

struct Tree {
    depth: u32,
}

impl Tree {
    #[inline(never)]
    fn count(&self) -> u32 {
        if self.depth == 0 {
            1
        } else {
            1 + Tree { depth: self.depth - 1 }.count()
        }
    }
}

trait Shape {
    fn area(&self) -> u64;
}

struct Square(u64);

impl Shape for Square {
    #[inline(never)]
    fn area(&self) -> u64 {
        self.0 * self.0
    }
}

#[inline(never)]
fn total<S: Shape>(shapes: &[S; 2]) -> u64 {
    shapes[0].area() + shapes[1].area()
}

#[inline(never)]
fn apply<F: Fn(u64) -> u64>(f: F, v: u64) -> u64 {
    f(v)
}

#[inline(never)]
fn fib(n: u32) -> u64 {
    if n < 2 {
        n as u64
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

#[no_mangle]
pub extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    let mut sum = fib(black_box(4));
    sum += geo::twice(black_box(21u64)) + geo::twice(black_box(2.5f64)) as u64;
    sum += Tree { depth: black_box(2) }.count() as u64;
    sum += total(&[Square(2), Square(3)]);
    let k = black_box(10u64);
    sum += apply(|x| x + k, 1);
    black_box(sum);
    0
}
