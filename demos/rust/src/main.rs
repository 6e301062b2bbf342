// SPDX-License-Identifier: MIT
// A small Rust program to trace with ftrace: a module, generics, an inherent impl, trait impls, closures.
use std::fmt;

mod geo {
    pub fn twice<T: Copy + std::ops::Add<Output = T>>(x: T) -> T {
        x + x
    }
}

struct Tree {
    kids: Vec<Tree>,
}

impl Tree {
    fn build(depth: u32) -> Tree {
        let kids = (0..depth).map(|d| Tree::build(d)).collect();
        Tree { kids }
    }
    fn count(&self) -> usize {
        1 + self.kids.iter().map(|k| k.count()).sum::<usize>()
    }
}

impl fmt::Display for Tree {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "tree of {}", self.count())
    }
}

trait Shape {
    fn area(&self) -> f64;
}
struct Square(f64);
impl Shape for Square {
    fn area(&self) -> f64 {
        self.0 * self.0
    }
}

fn fib(n: u32) -> u64 {
    if n < 2 { n as u64 } else { fib(n - 1) + fib(n - 2) }
}

fn total<S: Shape>(shapes: &[S]) -> f64 {
    shapes.iter().map(|s| s.area()).sum()
}

fn main() {
    println!("fib(5) = {}", fib(5));
    println!("twice = {} {}", geo::twice(21i32), geo::twice(1.5f64));
    let t = Tree::build(3);
    println!("{}", t);
    println!("area = {}", total(&[Square(2.0), Square(3.0)]));
}
