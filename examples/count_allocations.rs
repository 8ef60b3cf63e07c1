//! Counts heap allocations made while repairing the sample article, to keep the hot path
//! honest: `cargo run --release --example count_allocations`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let text = include_str!("../fixtures/000_9bef6b7cce3c4a10.txt");
    tarmim::repair("تهيئة"); // table loading is not the hot path
    let words = tarmim::token::words(text).count();
    for (name, input) in [
        ("sample article", text.to_string()),
        ("no Arabic", "plain text ".repeat(400)),
    ] {
        let (a0, b0) = (
            ALLOCATIONS.load(Ordering::Relaxed),
            BYTES.load(Ordering::Relaxed),
        );
        let r = tarmim::repair(&input);
        let (a1, b1) = (
            ALLOCATIONS.load(Ordering::Relaxed),
            BYTES.load(Ordering::Relaxed),
        );
        println!(
            "{name}: {} bytes, {} edits, {} allocations ({} bytes){}",
            input.len(),
            r.edits.len(),
            a1 - a0,
            b1 - b0,
            if name == "sample article" {
                format!(", {:.2} per word", (a1 - a0) as f64 / words as f64)
            } else {
                String::new()
            }
        );
    }
}
